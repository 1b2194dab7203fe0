// The search box in the viewer's top bar: results across the whole fair as
// the visitor types (search.js), picked with the mouse or ArrowUp/Down + Enter;
// picking one switches hall when needed, puts the walker in the aisle in front
// of the booth and opens its panel. Also the deep link `/?hall=A&booth=A0101`.
//
// The input is an ARIA 1.2 combobox over a listbox; focus stays in the input
// and the active option is aria-activedescendant. Manifest text is set with
// textContent only.

import { t } from './i18n.js';
import { buildIndex, frontOf, hallLabel, normalize, search, squeezeNumber } from './search.js';

const FIELD_LABELS = {
	exhibitor_en: 'search.match_exhibitor_en',
	product: 'search.match_product',
	zone: 'search.match_zone',
	pinyin: 'search.match_pinyin',
	words: 'search.match_words',
};

/**
 * Adds the search box to the top bar and handles `?booth=` deep links.
 *
 * @param {import('./context.js').ViewerContext} ctx
 */
export function install( ctx ) {

	const box = new SearchBox( document, ctx );
	ctx.search = box; // for other modules and tests: box.go(booth, hall)

}

export class SearchBox {

	/**
	 * @param {Document} doc
	 * @param {import('./context.js').ViewerContext} ctx
	 */
	constructor( doc, ctx ) {

		this.ctx = ctx;
		this.doc = doc;
		this.index = [];
		this.results = [];
		this.active = - 1;
		/** where to go once its hall is loaded: { booth, hall, deepLink } */
		this.pending = null;

		this._build( doc );

		this.input.addEventListener( 'input', () => this.update() );
		this.input.addEventListener( 'keydown', ( event ) => this._onKeyDown( event ) );
		this.input.addEventListener( 'focus', () => this._show( this.input.value.trim() !== '' ) );
		this.input.addEventListener( 'blur', () => this._show( false ) );
		// keep the focus in the input while an option is clicked
		this.list.addEventListener( 'pointerdown', ( event ) => event.preventDefault() );
		this.list.addEventListener( 'click', ( event ) => {

			const option = event.target instanceof Element ? event.target.closest( '[role=option]' ) : null;
			if ( option ) this.pick( Number( option.dataset.index ) );

		} );
		this.messageClose.addEventListener( 'click', () => this.showMessage( null ) );

		ctx.addEventListener( 'manifest', ( { manifest } ) => this._onManifest( manifest ) );
		ctx.addEventListener( 'hall', ( { hall } ) => this._onHall( hall ) );
		ctx.addEventListener( 'booth-close', () => this._setUrlBooth( null ) );
		ctx.addEventListener( 'language', () => this._render() );

	}

	_build( doc ) {

		const el = ( tag, props = {}, attributes = {} ) => {

			const node = Object.assign( doc.createElement( tag ), props );
			for ( const [ name, value ] of Object.entries( attributes ) ) node.setAttribute( name, value );
			return node;

		};

		this.element = el( 'div', { id: 'search-box' } );
		const label = el( 'label', { htmlFor: 'search-input', className: 'visually-hidden', textContent: t( 'search.label' ) }, { 'data-i18n': 'search.label' } );
		this.input = el( 'input', { type: 'search', id: 'search-input', autocomplete: 'off', spellcheck: false, placeholder: t( 'search.placeholder' ) }, {
			'data-testid': 'search',
			'data-i18n-attr': 'placeholder:search.placeholder',
			role: 'combobox',
			'aria-autocomplete': 'list',
			'aria-expanded': 'false',
			'aria-controls': 'search-results',
		} );
		this.list = el( 'ul', { id: 'search-results', hidden: true }, {
			'data-testid': 'search-results',
			role: 'listbox',
			'aria-label': t( 'search.results' ),
			'data-i18n-attr': 'aria-label:search.results',
		} );
		this.status = el( 'p', { id: 'search-status', className: 'visually-hidden' }, { role: 'status', 'aria-live': 'polite' } );
		this.element.append( label, this.input, this.list, this.status );

		const topbar = doc.getElementById( 'topbar' );
		const tools = doc.getElementById( 'topbar-tools' );
		if ( tools && tools.parentNode === topbar ) topbar.insertBefore( this.element, tools );
		else topbar.appendChild( this.element );

		this.message = el( 'div', { id: 'search-message', hidden: true }, { role: 'alert' } );
		this.messageText = el( 'span' );
		this.messageClose = el( 'button', { type: 'button', textContent: '×' }, { 'aria-label': t( 'search.dismiss' ), 'data-i18n-attr': 'aria-label:search.dismiss;title:search.dismiss' } );
		this.message.append( this.messageText, this.messageClose );
		doc.body.appendChild( this.message );

	}

	/** Runs the search for what is in the input and shows the results. */
	update() {

		this.results = search( this.index, this.input.value );
		this.active = this.results.length > 0 ? 0 : - 1;
		this._render();
		this._show( this.input.value.trim() !== '' && this.doc.activeElement === this.input );

	}

	/**
	 * Goes to a result: see go().
	 *
	 * @param {number} i - index in the results
	 */
	pick( i ) {

		const result = this.results[ i ];
		if ( ! result ) return;
		this._show( false );
		this.input.blur(); // hand the keys back to the walker
		this.go( result.booth, result.hall );

	}

	/**
	 * Shows a booth: switches to its hall when needed, stands in the aisle in
	 * front of it looking at it, and opens its panel.
	 *
	 * @param {Object} booth - a manifest booth
	 * @param {Object} hall - its manifest hall
	 * @param {boolean} [deepLink=false] - from the page address: go there whichever hall loads first
	 */
	go( booth, hall, deepLink = false ) {

		this.pending = { booth, hall, deepLink };
		this.showMessage( null );
		const ctx = this.ctx;

		if ( ctx.hall !== null && ctx.hall.id === hall.id ) {

			this._arrive();

		} else if ( ! deepLink && ! ( ctx.hall === null && ctx.viewer.hallId === hall.id && ctx.viewer.state === 'loading' ) ) {

			ctx.switchHall( hall.id );

		}

	}

	/**
	 * Shows a message under the top bar (null hides it).
	 *
	 * @param {string|null} text
	 */
	showMessage( text ) {

		this.messageText.textContent = text || '';
		this.message.hidden = ! text;

	}

	_onManifest( manifest ) {

		this.index = buildIndex( manifest );
		if ( this.input.value !== '' ) this.update();

		const number = new URLSearchParams( window.location.search ).get( 'booth' );
		if ( number === null || number.trim() === '' ) return;

		// the number as written, else one that is the same but for case, width and leading zeros
		const wanted = squeezeNumber( normalize( number ) );
		const entry = this.index.find( ( e ) => e.booth.number === number ) || this.index.find( ( e ) => e.squeezed === wanted );

		if ( ! entry ) {

			this.showMessage( t( 'search.no_booth', { booth: number } ) );
			return;

		}

		// main.js reads `?hall=` right after this event: name the booth's hall there so that it loads
		// first (if it did not, _onHall() switches to it)
		const url = new URL( window.location.href );
		if ( url.searchParams.get( 'hall' ) !== entry.hall.id ) {

			url.searchParams.set( 'hall', entry.hall.id );
			window.history.replaceState( null, '', url );

		}

		this.go( entry.booth, entry.hall, true );

	}

	_onHall( hall ) {

		const pending = this.pending;
		if ( pending === null ) return;

		if ( pending.hall.id === hall.id ) {

			this._arrive();

		} else if ( pending.deepLink ) {

			// `?hall=` named another hall than the booth's: the booth wins
			pending.deepLink = false;
			this.ctx.switchHall( pending.hall.id );

		} else {

			this.pending = null; // the visitor went elsewhere meanwhile

		}

	}

	_arrive() {

		const { booth } = this.pending;
		this.pending = null;
		const { at, heading } = frontOf( booth );
		this.ctx.controls.teleport( at[ 0 ], at[ 1 ], heading );
		this.ctx.openBooth( booth );
		this.ctx.requestRender();
		this._setUrlBooth( booth.number );

	}

	_setUrlBooth( number ) {

		const url = new URL( window.location.href );
		if ( ( url.searchParams.get( 'booth' ) ?? null ) === number ) return;
		if ( number === null ) url.searchParams.delete( 'booth' );
		else url.searchParams.set( 'booth', number );
		window.history.replaceState( null, '', url );

	}

	_onKeyDown( event ) {

		const n = this.results.length;

		if ( event.key === 'ArrowDown' || event.key === 'ArrowUp' ) {

			event.preventDefault();
			if ( n === 0 ) return;
			this._show( true );
			this.active = event.key === 'ArrowDown' ? ( this.active + 1 ) % n : ( this.active - 1 + n ) % n;
			this._markActive();

		} else if ( event.key === 'Enter' ) {

			event.preventDefault();
			if ( this.active >= 0 ) this.pick( this.active );

		} else if ( event.key === 'Escape' ) {

			event.preventDefault();
			event.stopPropagation();
			if ( this.input.value === '' ) {

				this.input.blur();

			} else {

				this.input.value = '';
				this.update();

			}

		}

	}

	_show( visible ) {

		this.list.hidden = ! visible;
		this.input.setAttribute( 'aria-expanded', String( visible ) );

	}

	_render() {

		const doc = this.doc;
		const items = this.results.map( ( result, i ) => {

			const { booth, hall } = result;
			const li = doc.createElement( 'li' );
			li.id = `search-result-${i}`;
			li.setAttribute( 'role', 'option' );
			li.dataset.index = String( i );
			li.dataset.booth = booth.number;
			li.dataset.hall = hall.id;

			const line = doc.createElement( 'span' );
			line.className = 'search-result-line';
			const number = doc.createElement( 'span' );
			number.className = 'search-result-number';
			number.textContent = booth.number;
			const exhibitor = doc.createElement( 'span' );
			exhibitor.className = 'search-result-exhibitor';
			exhibitor.textContent = booth.exhibitor || booth.exhibitor_en || '—';
			line.append( number, exhibitor );

			const detail = doc.createElement( 'span' );
			detail.className = 'search-result-detail';
			const parts = [ t( 'search.in_hall', { hall: hallLabel( hall ) } ) ];
			if ( result.field in FIELD_LABELS ) parts.push( t( FIELD_LABELS[ result.field ], { text: result.text } ) );
			detail.textContent = parts.join( ' · ' );

			li.append( line, detail );
			return li;

		} );

		this.list.replaceChildren( ...items );
		this._markActive();

		const query = this.input.value.trim();
		this.status.textContent = query === '' ? '' : t( 'search.count', { count: this.results.length } );
		if ( query !== '' && this.results.length === 0 ) {

			const none = doc.createElement( 'li' );
			none.className = 'search-none';
			none.setAttribute( 'role', 'presentation' );
			none.textContent = t( 'search.none' );
			this.list.append( none );

		}

	}

	_markActive() {

		for ( const li of this.list.querySelectorAll( '[role=option]' ) ) {

			const on = Number( li.dataset.index ) === this.active;
			li.setAttribute( 'aria-selected', String( on ) );
			if ( on ) li.scrollIntoView( { block: 'nearest' } );

		}

		if ( this.active >= 0 ) this.input.setAttribute( 'aria-activedescendant', `search-result-${this.active}` );
		else this.input.removeAttribute( 'aria-activedescendant' );

	}

}
