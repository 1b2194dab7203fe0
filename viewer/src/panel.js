// The booth panel: what a visitor sees of an exhibitor on clicking its booth
// (number, names, zone, country, type and size, description, website, live
// stream, products with thumbnails and "View in 3D"), and the ways to meet
// the exhibitor (engage.js). A labelled dialog beside the hall; a bottom
// sheet on phones (style.css).
//
// Everything from the manifest is untrusted: it is set with textContent, and
// links are made only of http(s) URLs.
//
// Other modules may append their own elements to the #booth-panel aside (the
// route's "take me there"); this module only touches the elements it owns.

import { BoothActions } from './engage.js';
import { language, onLanguage, t } from './i18n.js';
import { boothSizeText } from './plan.js';
import { ProductViewer } from './productview.js';

/**
 * The booth details panel.
 */
export class BoothPanel {

	/**
	 * @param {HTMLElement} element - the #booth-panel aside
	 * @param {import('./context.js').ViewerContext} [ctx] - for the manifest's product models and to close through main.js
	 */
	constructor( element, ctx = null ) {

		const doc = element.ownerDocument;

		this.element = element;
		this.ctx = ctx;
		this.number = doc.getElementById( 'booth-panel-number' );
		this.exhibitor = doc.getElementById( 'booth-panel-exhibitor' );
		this.exhibitorEn = doc.getElementById( 'booth-panel-exhibitor-en' );
		this.live = doc.getElementById( 'booth-panel-live' );
		this.description = doc.getElementById( 'booth-panel-description' );
		this.products = doc.getElementById( 'booth-panel-products' );
		this.fields = {};
		for ( const dd of element.querySelectorAll( 'dd[data-field]' ) ) this.fields[ dd.dataset.field ] = dd;
		this.closeButton = doc.getElementById( 'booth-panel-close' );

		this.actions = new BoothActions( doc.getElementById( 'booth-panel-engage' ) );
		this.productViewer = new ProductViewer( doc );

		this.booth = null;

		/** The element that had the focus before the panel opened: it gets it back on close. */
		this._returnFocus = null;

		this._onClose = () => this.close();
		this.closeButton.addEventListener( 'click', this._onClose );

		this._onKey = ( event ) => {

			if ( event.code !== 'Escape' || event.defaultPrevented ) return;
			event.preventDefault();
			event.stopPropagation();
			if ( this.ctx ) this.ctx.closeBooth();
			else this.close();

		};

		element.addEventListener( 'keydown', this._onKey );

		this._offLanguage = onLanguage( () => {

			if ( this.booth === null ) return;
			this._render( this.booth );
			this.actions.show( this.booth );

		} );

		if ( ctx && ctx.viewer ) {

			/** test hook: opens the panel on a booth of the hall on show, by number; false when there is none */
			ctx.viewer.openBooth = ( number ) => {

				const booth = ctx.booths.find( ( b ) => b.number === number );
				if ( booth ) ctx.openBooth( booth );
				return booth !== undefined;

			};
			ctx.viewer.productViewer = this.productViewer.hook;

		}

	}

	get isOpen() {

		return ! this.element.hidden;

	}

	/**
	 * Shows a manifest booth and moves the focus into the panel.
	 *
	 * @param {Object} booth - manifest booth
	 */
	open( booth ) {

		const doc = this.element.ownerDocument;
		const active = doc.activeElement;
		if ( ! this.isOpen && active && ! this.element.contains( active ) ) this._returnFocus = active;

		if ( booth !== this.booth ) this.productViewer.close();
		this.booth = booth;
		this._render( booth );
		this.actions.show( booth );

		this.element.hidden = false;
		this.element.scrollTop = 0;
		this.number.focus( { preventScroll: true } );

	}

	close() {

		const hadFocus = this.element.contains( this.element.ownerDocument.activeElement );
		this.productViewer.close();
		this.actions.show( null );
		this.booth = null;
		this.element.hidden = true;

		const back = this._returnFocus;
		this._returnFocus = null;
		if ( hadFocus && back && back.isConnected && typeof back.focus === 'function' ) back.focus( { preventScroll: true } );

	}

	dispose() {

		this.close();
		this.closeButton.removeEventListener( 'click', this._onClose );
		this.element.removeEventListener( 'keydown', this._onKey );
		this._offLanguage();

	}

	_render( booth ) {

		this.number.textContent = booth.number;
		this.exhibitor.textContent = booth.exhibitor || '—';
		const english = typeof booth.exhibitor_en === 'string' ? booth.exhibitor_en.trim() : '';
		this.exhibitorEn.textContent = english;
		this.exhibitorEn.hidden = english === '' || english === booth.exhibitor;

		this._set( 'zone', booth.zone );
		this._set( 'country', countryName( booth.country ) );
		this._set( 'type', booth.type ? t( `panel.type_${booth.type}` ) : '' );
		this._set( 'size', Array.isArray( booth.rect ) ? boothSizeText( booth.rect ) : '' );

		// what the exhibitor wrote in its portal wins over the booth list's columns
		const profile = this._profile( booth );
		this._website( profile.website || booth.website );

		const written = profile.description || booth.description;
		const description = typeof written === 'string' ? written.trim() : '';
		this.description.textContent = description;
		this.description.hidden = description === '';

		this._live( profile.live_stream ? { ...booth, live_stream: profile.live_stream } : booth );
		this._products( booth );

	}

	/** The exhibitor's portal profile from the manifest (`exhibitor_profiles`), or {}. */
	_profile( booth ) {

		const profiles = this.ctx && this.ctx.manifest && this.ctx.manifest.exhibitor_profiles;
		return ( profiles && booth.ref && profiles[ booth.ref ] ) || {};

	}

	_set( field, value ) {

		this.fields[ field ].textContent = value === undefined || value === null || value === '' ? '—' : String( value );

	}

	_website( value ) {

		const dd = this.fields.website;
		dd.replaceChildren( linkOrText( dd.ownerDocument, value, null ) );
		if ( ! value ) dd.textContent = '—';

	}

	_live( booth ) {

		const doc = this.live.ownerDocument;
		this.live.replaceChildren();
		const url = typeof booth.live_stream === 'string' ? booth.live_stream.trim() : '';
		this.live.hidden = url === '';
		if ( url === '' ) return;

		if ( isLiveNow( booth.live_from, booth.live_until ) ) {

			const badge = doc.createElement( 'span' );
			badge.className = 'live-badge';
			badge.dataset.testid = 'live-now';
			badge.textContent = t( 'panel.live_now' );
			this.live.append( badge, ' ' );

		}

		this.live.appendChild( linkOrText( doc, url, t( 'panel.live_stream' ) ) );

		const period = liveWindowText( booth.live_from, booth.live_until );

		if ( period ) {

			const when = doc.createElement( 'span' );
			when.className = 'live-window';
			when.textContent = period;
			this.live.append( ' ', when );

		}

	}

	_products( booth ) {

		const list = Array.isArray( booth.products ) ? booth.products : [];
		const manifest = ( this.ctx && this.ctx.manifest ) || {};
		const models = manifest.models || {};
		this.products.replaceChildren();

		// the booth list's products, with the models built with the fair
		list.forEach( ( name, index ) => {

			if ( name === '' || name == null ) return;
			const id = `${booth.ref}/${index + 1}`;
			this._product( id, String( name ), models[ id ] || null );

		} );

		// then what the exhibitor put live in its portal since (`live_products`)
		const live = ( manifest.live_products && booth.ref && manifest.live_products[ booth.ref ] ) || [];
		for ( const entry of live ) this._product( String( entry.id ), String( entry.name || '' ), entry );

		if ( this.products.childElementCount === 0 ) {

			const li = this.products.ownerDocument.createElement( 'li' );
			li.className = 'none';
			li.textContent = '—';
			this.products.appendChild( li );

		}

	}

	/**
	 * One product in the list: thumbnail, name, a "new" mark, and "View in 3D" when it has a model.
	 *
	 * @param {string} id - `<ref>/<n>` or `upload/<id>`, kept on the item for analytics.js
	 * @param {string} name
	 * @param {Object|null} entry - { model, thumbnail, size, is_new }
	 */
	_product( id, name, entry ) {

		const doc = this.products.ownerDocument;
		const li = doc.createElement( 'li' );
		li.dataset.product = id;
		if ( entry && entry.is_new === true ) li.dataset.new = '1';
		const thumbnail = entry ? sameSiteUrl( entry.thumbnail ) : null;

		if ( thumbnail ) {

			const img = doc.createElement( 'img' );
			img.loading = 'lazy';
			img.alt = '';
			img.width = 40;
			img.height = 40;
			img.src = thumbnail;
			li.appendChild( img );

		} else {

			const blank = doc.createElement( 'span' );
			blank.className = 'no-thumbnail';
			li.appendChild( blank );

		}

		const label = doc.createElement( 'span' );
		label.className = 'product-name';
		label.textContent = String( name );
		li.appendChild( label );

		if ( li.dataset.new ) {

			const mark = doc.createElement( 'span' );
			mark.className = 'new-badge';
			mark.textContent = t( 'panel.new_product' );
			li.appendChild( mark );

		}

		const model = entry ? sameSiteUrl( entry.model ) : null;

		if ( model ) {

			const button = doc.createElement( 'button' );
			button.type = 'button';
			button.className = 'view-3d';
			button.textContent = t( 'panel.view_3d' );
			button.setAttribute( 'aria-label', t( 'panel.view_3d_of', { product: String( name ) } ) );
			button.addEventListener( 'click', () => {

				this.productViewer.open( { name: String( name ), model, size: entry.size }, button );

			} );
			li.appendChild( button );

		}

		this.products.appendChild( li );

	}

}

/**
 * A link to an http(s) URL (new tab, no opener, no referrer), or the value as plain text.
 *
 * @param {Document} doc
 * @param {string} value - untrusted URL
 * @param {string|null} label - the link's text; null shows the URL itself
 * @return {Node}
 */
export function linkOrText( doc, value, label ) {

	const text = typeof value === 'string' ? value.trim() : '';
	const url = httpUrl( text );
	if ( url === null ) return doc.createTextNode( text );

	const a = doc.createElement( 'a' );
	a.href = url;
	a.target = '_blank';
	a.rel = 'noopener noreferrer';
	a.textContent = label === null ? text : label;
	return a;

}

/**
 * The URL when `text` is an absolute http: or https: URL, else null.
 *
 * @param {string} text
 * @return {string|null}
 */
export function httpUrl( text ) {

	if ( typeof text !== 'string' || text === '' ) return null;
	let url;
	try {

		url = new URL( text );

	} catch ( err ) {

		return null;

	}

	return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;

}

/** A manifest URI (relative to the site, or absolute) as an http(s) URL, or null. */
function sameSiteUrl( uri ) {

	if ( typeof uri !== 'string' || uri === '' ) return null;
	try {

		return httpUrl( new URL( uri, document.baseURI ).href );

	} catch ( err ) {

		return null;

	}

}

/**
 * The full name of a region code in the UI language, with the code: "Germany (DE)".
 *
 * @param {string} code
 * @return {string}
 */
export function countryName( code ) {

	if ( ! code ) return '';
	let name = null;
	try {

		const names = new Intl.DisplayNames( [ language() === 'zh' ? 'zh-CN' : 'en' ], { type: 'region' } );
		name = names.of( code );

	} catch ( err ) {

		// not a region code (or an old browser): show it as given

	}

	return name && name !== code ? `${name} (${code})` : code;

}

/** A date-time of the booth list (ISO 8601) as a Date, or null. */
function parseTime( text ) {

	if ( typeof text !== 'string' || text.trim() === '' ) return null;
	const date = new Date( text.trim() );
	return Number.isNaN( date.getTime() ) ? null : date;

}

/**
 * Whether the live stream is on now: a window is given (either end) and now is inside it.
 *
 * @param {string} from - ISO 8601, or ''
 * @param {string} until - ISO 8601, or ''
 * @param {Date} [now]
 * @return {boolean}
 */
export function isLiveNow( from, until, now = new Date() ) {

	const start = parseTime( from );
	const end = parseTime( until );
	if ( start === null && end === null ) return false;
	return ( start === null || start <= now ) && ( end === null || now < end );

}

/** The live window in the visitor's time zone and language, or ''. */
function liveWindowText( from, until ) {

	const start = parseTime( from );
	const end = parseTime( until );
	if ( start === null && end === null ) return '';
	const format = new Intl.DateTimeFormat( language() === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' } );
	if ( start !== null && end !== null ) return t( 'panel.live_window', { from: format.format( start ), until: format.format( end ) } );
	if ( start !== null ) return t( 'panel.live_from', { from: format.format( start ) } );
	return t( 'panel.live_until', { until: format.format( end ) } );

}
