// The organiser console (/organiser): sign in, upload a booth list and halls
// and lay them out as a new version (a background job, its progress shown),
// look at each version's rule checks, metrics and plans, move, swap or pin
// booths into a new version (dragging them on the plan, planedit.js, or typing
// their numbers), publish a version (publishing an older one rolls
// back), invite exhibitors and see the visitor figures.
//
// Everything comes from the JSON API (/api/organiser/..., /api/jobs/...,
// /api/session); changes send the CSRF token from GET /api/session.

import { languageSwitch, onLanguage, t, translate } from './i18n.js';
import { PlanEditor } from './planedit.js';
import { ZOOM_STEP } from './planview.js';

/** How often a running job is asked for its progress (ms). */
export const POLL_MS = 700;

const $ = ( selector, root = document ) => root.querySelector( selector );

/**
 * The API as this browser sees it: JSON in and out, the CSRF token on changes.
 */
export class Api {

	constructor() {

		this.csrf = null;
		this.session = null;

	}

	/** Asks who this browser is and keeps the CSRF token. */
	async refresh() {

		this.session = await this.request( 'GET', '/api/session' );
		return this.session;

	}

	/**
	 * @param {string} method
	 * @param {string} url
	 * @param {Object|FormData} [body]
	 * @return {Promise<Object>} the reply; throws an Error with the server's message and `status`
	 */
	async request( method, url, body ) {

		const headers = { Accept: 'application/json' };
		if ( method !== 'GET' ) headers[ 'X-CSRFToken' ] = this.csrf || '';
		let payload;
		if ( body instanceof FormData ) payload = body;
		else if ( body !== undefined ) {

			headers[ 'Content-Type' ] = 'application/json';
			payload = JSON.stringify( body );

		}

		const response = await fetch( url, { method, headers, body: payload, credentials: 'same-origin' } );
		let document = null;
		try {

			document = await response.json();

		} catch ( err ) {

			// not JSON: the status says enough

		}

		if ( document && typeof document.csrf_token === 'string' ) this.csrf = document.csrf_token;
		if ( ! response.ok ) {

			const error = new Error( ( document && document.error ) || `${response.status} ${response.statusText}` );
			error.status = response.status;
			error.document = document;
			throw error;

		}

		return document;

	}

}

/**
 * Follows a job until it is done or failed, calling `onProgress(job)` on each answer.
 *
 * @param {Api} api
 * @param {string} url - /api/jobs/<id>
 * @param {(job: Object) => void} onProgress
 * @return {Promise<Object>} the finished job
 */
export async function followJob( api, url, onProgress ) {

	for ( ;; ) {

		const job = await api.request( 'GET', url );
		onProgress( job );
		if ( job.status === 'done' || job.status === 'failed' ) return job;
		await new Promise( ( resolve ) => setTimeout( resolve, POLL_MS ) );

	}

}

function setStatus( element, text, kind = '' ) {

	element.textContent = text;
	element.className = `status ${kind}`.trim();

}

function cell( row, text, className ) {

	const td = document.createElement( 'td' );
	td.textContent = text;
	if ( className ) td.className = className;
	row.appendChild( td );
	return td;

}

function button( parent, text, onClick, secondary = false ) {

	const b = document.createElement( 'button' );
	b.type = 'button';
	b.textContent = text;
	if ( secondary ) b.className = 'secondary';
	b.addEventListener( 'click', onClick );
	parent.appendChild( b );
	return b;

}

/** The console, wired to the page. */
export class Console {

	constructor( api = new Api() ) {

		this.api = api;
		this.versions = [];
		this.selected = null;
		this.exhibitorPage = 1;
		this.editor = null;
		/** The version the plan editor holds (its edits are kept while it stays shown). */
		this.editorVersion = null;
		this.editorNote = null;
		this.editing = false;

	}

	async start() {

		translate( document );
		languageSwitch( $( '#console-language' ) );
		onLanguage( () => this.render() );
		$( '#console-sign-in-form' ).addEventListener( 'submit', ( event ) => this.signIn( event ) );
		$( '#console-sign-out' ).addEventListener( 'click', () => this.signOut() );
		$( '#console-build-form' ).addEventListener( 'submit', ( event ) => this.build( event ) );
		$( '#console-edit-form' ).addEventListener( 'submit', ( event ) => this.edit( event ) );
		this.editor = new PlanEditor( $( '#console-plan-svg' ), {
			onChange: ( note ) => {

				this.editorNote = note;
				this.renderEdits();

			},
			vacantLabel: ( number ) => t( 'console.vacant_spot', { number } ).trim(),
		} );
		$( '#console-plan-hall' ).addEventListener( 'change', ( event ) => this.editor.showHall( event.target.value ) );
		$( '#console-plan-pin' ).addEventListener( 'change', () => {

			if ( this.editor.selected !== null ) this.editor.togglePin( this.editor.selected );

		} );
		$( '#console-plan-apply' ).addEventListener( 'click', () => this.applyPlanEdits() );
		$( '#console-plan-clear' ).addEventListener( 'click', () => this.editor.clear() );
		$( '#console-plan-zoom-in' ).addEventListener( 'click', () => this.editor.view.zoom( ZOOM_STEP ) );
		$( '#console-plan-zoom-out' ).addEventListener( 'click', () => this.editor.view.zoom( 1 / ZOOM_STEP ) );
		$( '#console-plan-zoom-fit' ).addEventListener( 'click', () => this.editor.view.reset() );
		await this.api.refresh();
		await this.render();

	}

	get signedIn() {

		return Boolean( this.api.session && this.api.session.organiser );

	}

	async render() {

		$( '#console-sign-in' ).hidden = this.signedIn;
		$( '#console-work' ).hidden = ! this.signedIn;
		$( '#console-sign-out' ).hidden = ! this.signedIn;
		$( '#console-who' ).textContent = this.signedIn ? this.api.session.organiser.email : '';
		if ( ! this.signedIn ) return;
		await this.loadVersions();
		await Promise.all( [ this.loadExhibitors(), this.loadAnalytics() ] );
		if ( this.selected !== null ) await this.showVersion( this.selected );

	}

	async signIn( event ) {

		event.preventDefault();
		const status = $( '#console-sign-in .status' );
		try {

			await this.api.request( 'POST', '/api/session/organiser', {
				email: $( '#console-email' ).value.trim(), password: $( '#console-password' ).value,
			} );
			$( '#console-password' ).value = '';
			setStatus( status, '' );
			await this.api.refresh();
			await this.render();

		} catch ( error ) {

			setStatus( status, t( 'console.failed', { reason: error.message } ), 'failed' );

		}

	}

	async signOut() {

		await this.api.request( 'DELETE', '/api/session' );
		this.selected = null;
		await this.api.refresh();
		await this.render();

	}

	// building a new version

	async build( event ) {

		event.preventDefault();
		const form = event.target;
		const status = $( '.status', form );
		const progress = $( 'progress', form );
		const problems = $( '.problems', form );
		problems.replaceChildren();
		const submit = $( 'button[type=submit]', form );
		submit.disabled = true;
		try {

			setStatus( status, t( 'console.uploading' ) );
			const booths = await this.upload( $( '#console-booths' ).files[ 0 ] );
			const halls = [];
			for ( const file of $( '#console-halls' ).files ) halls.push( ( await this.upload( file ) ).digest );
			const body = { booths: booths.digest, halls };
			const fairFile = $( '#console-fair' ).files[ 0 ];
			if ( fairFile ) body.fair = ( await this.upload( fairFile ) ).digest;
			const previous = $( '#console-previous' ).value;
			if ( previous ) body.previous = Number( previous );
			const pinsFile = $( '#console-pins-file' ).files[ 0 ];
			if ( pinsFile ) body.pins = ( await this.upload( pinsFile ) ).digest;
			const job = await this.api.request( 'POST', '/api/organiser/builds', body );
			const finished = await this.follow( job.url, progress, status );
			if ( finished.status === 'done' ) {

				const number = finished.result.version;
				setStatus( status, t( 'console.built', { number } ), 'done' );
				this.selected = number;
				await this.render();

			} else {

				setStatus( status, t( 'console.failed', { reason: finished.message } ), 'failed' );
				for ( const problem of ( finished.result && finished.result.problems ) || [] ) {

					const li = document.createElement( 'li' );
					li.textContent = problem.message || JSON.stringify( problem );
					problems.appendChild( li );

				}

			}

		} catch ( error ) {

			setStatus( status, t( 'console.failed', { reason: error.message } ), 'failed' );

		} finally {

			submit.disabled = false;

		}

	}

	async upload( file ) {

		const data = new FormData();
		data.append( 'file', file, file.name );
		return this.api.request( 'POST', '/api/organiser/inputs', data );

	}

	async follow( url, progress, status ) {

		progress.hidden = false;
		try {

			return await followJob( this.api, url, ( job ) => {

				progress.value = job.progress || 0;
				setStatus( status, t( 'console.job', { percent: Math.round( ( job.progress || 0 ) * 100 ), message: job.message || job.status } ) );

			} );

		} finally {

			progress.hidden = true;

		}

	}

	// versions

	async loadVersions() {

		const page = await this.api.request( 'GET', '/api/organiser/versions?per_page=50' );
		this.versions = page.items;
		this.listPrevious();
		const body = $( '#console-versions tbody' );
		body.replaceChildren();
		for ( const version of this.versions ) {

			const row = document.createElement( 'tr' );
			row.dataset.version = version.number;
			const first = cell( row, `v${version.number} ` );
			if ( version.published ) {

				const badge = document.createElement( 'span' );
				badge.className = 'badge';
				badge.textContent = t( 'console.published' );
				first.appendChild( badge );

			}

			cell( row, new Date( version.created_at ).toLocaleString() );
			cell( row, String( version.summary.booths ?? '' ) );
			cell( row, String( version.summary.unplaced ?? '' ), version.summary.unplaced ? 'bad' : '' );
			cell( row, version.note || '' );
			const actions = cell( row, '' );
			button( actions, t( 'console.show' ), () => this.showVersion( version.number ), true );
			if ( ! version.published && version.status === 'ready' ) {

				button( actions, t( 'console.publish' ), () => this.publish( version.number ) );

			}

			body.appendChild( row );

		}

	}

	// the versions a new layout may keep the booths of, newest first; the choice stays while it exists
	listPrevious() {

		const select = $( '#console-previous' );
		const chosen = select.value;
		for ( const option of [ ...select.options ].slice( 1 ) ) option.remove();
		for ( const version of this.versions.filter( ( v ) => v.status === 'ready' ) ) {

			const option = document.createElement( 'option' );
			option.value = String( version.number );
			option.textContent = `v${version.number}` + ( version.note ? ` (${version.note})` : '' );
			select.appendChild( option );

		}

		select.value = [ ...select.options ].some( ( o ) => o.value === chosen ) ? chosen : '';

	}

	async publish( number ) {

		const status = $( '#console-versions .status' );
		try {

			await this.api.request( 'POST', `/api/organiser/versions/${number}/publish` );
			setStatus( status, t( 'console.now_published', { number } ), 'done' );
			await this.loadVersions();

		} catch ( error ) {

			setStatus( status, t( 'console.failed', { reason: error.message } ), 'failed' );

		}

	}

	async showVersion( number ) {

		this.selected = number;
		const version = await this.api.request( 'GET', `/api/organiser/versions/${number}` );
		const section = $( '#console-version' );
		section.hidden = false;
		$( 'h2', section ).textContent = t( 'console.version_title', { number } );

		const metrics = version.metrics || {};
		const figures = $( '.figures', section );
		figures.replaceChildren();
		const figure = ( label, value ) => {

			const div = document.createElement( 'div' );
			const strong = document.createElement( 'strong' );
			strong.textContent = value;
			div.append( strong, label );
			figures.appendChild( div );

		};

		if ( metrics.booths ) figure( t( 'console.placed' ), `${metrics.booths.placed} / ${metrics.booths.requested}` );
		if ( metrics.area ) figure( t( 'console.net_gross' ), `${Math.round( metrics.area.net_to_gross * 1000 ) / 10} %` );
		if ( metrics.zones_split ) figure( t( 'console.zones_split' ), String( metrics.zones_split.count ) );
		if ( metrics.zones_across_halls && ( metrics.halls || [] ).length > 1 ) figure( t( 'console.zones_across_halls' ), String( metrics.zones_across_halls.count ) );
		if ( metrics.sponsors ) figure( t( 'console.sponsors' ), `${metrics.sponsors.on_main_aisle} / ${metrics.sponsors.total}` );
		if ( metrics.vacant && metrics.vacant.spots ) figure( t( 'console.vacant' ), t( 'console.vacant_value', { spots: metrics.vacant.spots, area: Math.round( metrics.vacant.area ) } ) );
		if ( version.report ) figure( t( 'console.violations' ), String( version.report.violations ?? 0 ) );

		const rules = $( '.rules tbody', section );
		rules.replaceChildren();
		for ( const result of ( version.report && version.report.results ) || [] ) {

			const row = document.createElement( 'tr' );
			row.className = result.passed ? '' : 'bad';
			cell( row, `${result.hall} · ${result.rule}${result.passed ? '' : ' ✗'}`, result.passed ? 'ok' : 'bad' );
			cell( row, result.unbounded ? '—' : `${result.limit} ${result.unit}` );
			cell( row, `${result.measured} ${result.unit} · ${result.detail}` );
			cell( row, ( result.offenders || [] ).slice( 0, 20 ).join( ' ' ) );
			rules.appendChild( row );

		}

		const files = $( '.files', section );
		const plans = $( '.plans', section );
		files.replaceChildren();
		plans.replaceChildren();
		for ( const name of version.files || [] ) {

			const link = document.createElement( 'a' );
			link.href = `/api/organiser/versions/${number}/files/${name}`;
			link.textContent = name;
			files.append( link, ' ' );
			if ( name.startsWith( 'plans/' ) && name.endsWith( '.svg' ) ) {

				const image = document.createElement( 'img' );
				image.className = 'plan';
				image.alt = t( 'console.plan_of', { name } );
				image.src = link.href;
				plans.appendChild( image );

			}

		}

		if ( this.editorVersion !== number ) await this.loadPlan( number, version.files || [] );
		this.renderEdits();

	}

	// the plan editor: drag, swap and pin booths on the version's layout.json

	async loadPlan( number, files ) {

		const section = $( '#console-plan-edit' );
		this.editorVersion = number;
		this.editorNote = null;
		section.hidden = ! files.includes( 'layout.json' );
		if ( section.hidden ) return;
		let layout;
		try {

			layout = await this.api.request( 'GET', `/api/organiser/versions/${number}/files/layout.json` );

		} catch ( error ) {

			section.hidden = true; // the typed form still works
			return;

		}

		if ( this.editorVersion !== number ) return; // another version was chosen meanwhile
		this.editor.load( layout );
		const select = $( '#console-plan-hall' );
		select.replaceChildren();
		for ( const hall of this.editor.halls.filter( ( h ) => ( h.booths || [] ).length ) ) {

			const option = document.createElement( 'option' );
			option.value = hall.id;
			option.textContent = `${hall.id} · ${hall.name || ''}`;
			select.appendChild( option );

		}

		if ( select.value ) this.editor.showHall( select.value );

	}

	/** The selected booth, the editor's last note, and the list of edits to send, each with an undo. */
	renderEdits() {

		const editor = this.editor;
		const section = $( '#console-plan-edit' );
		const selected = editor.selected !== null && editor.booths.get( editor.selected );
		const pin = $( '#console-plan-pin' );
		pin.disabled = ! selected;
		pin.checked = Boolean( selected ) && editor.pins.has( selected.number );
		if ( selected ) {

			const rect = editor.place( selected.number );
			$( '#console-plan-booth' ).textContent = t( 'console.plan_selected', {
				number: selected.number, exhibitor: selected.exhibitor, x: rect[ 0 ], y: rect[ 1 ],
				width: rect[ 2 ] - rect[ 0 ], depth: rect[ 3 ] - rect[ 1 ],
			} );

		} else $( '#console-plan-booth' ).textContent = '';

		const note = this.editorNote;
		const problems = editor.problems();
		const shown = note || problems[ 0 ] || null;
		const noteElement = $( '.plan-note', section );
		noteElement.textContent = shown ? t( `console.note_${shown.code}`, { number: shown.number, with: shown.with || '' } ) : '';
		noteElement.className = `plan-note ${shown && [ 'outside', 'overlap', 'column', 'size', 'swapped', 'moved' ].includes( shown.code ) ? 'bad' : ''}`.trim();

		const list = $( '.plan-edits', section );
		list.replaceChildren();
		const item = ( text, kind, number, bad = false ) => {

			const li = document.createElement( 'li' );
			li.textContent = text;
			li.dataset.kind = kind;
			li.dataset.number = number;
			if ( bad ) li.className = 'bad';
			button( li, t( 'console.undo' ), () => editor.undo( kind, number ), true );
			list.appendChild( li );

		};

		const bad = new Set( problems.map( ( p ) => p.number ) );
		for ( const [ number, rect ] of editor.moves ) item( t( 'console.edit_move', { number, x: rect[ 0 ], y: rect[ 1 ] } ), 'move', number, bad.has( number ) );
		for ( const [ a, b ] of editor.swaps ) item( t( 'console.edit_swap', { number: a, with: b } ), 'swap', a );
		for ( const number of editor.pins ) item( t( 'console.edit_pin', { number } ), 'pin', number );
		$( '#console-plan-apply' ).disabled = editor.empty || problems.length > 0 || this.editing === true;

	}

	async applyPlanEdits() {

		const section = $( '#console-plan-edit' );
		await this.submitEdits( this.editor.edits(), $( 'progress', section ), $( '.status', section ) );

	}

	/**
	 * Sends `body` ({moves, swaps, pins}) as edits of the shown version, follows the job and shows the
	 * new version (its rule checks first).
	 */
	async submitEdits( body, progress, status ) {

		if ( this.selected === null ) return;
		this.editing = true;
		this.renderEdits();
		try {

			const job = await this.api.request( 'POST', `/api/organiser/versions/${this.selected}/edits`, body );
			const finished = await this.follow( job.url, progress, status );
			if ( finished.status === 'done' ) {

				this.selected = finished.result.version;
				await this.render();
				setStatus( status, t( 'console.built', { number: this.selected } ), 'done' );
				$( '#console-version .rules' ).scrollIntoView( { block: 'nearest' } ); // its rule checks

			} else {

				setStatus( status, t( 'console.failed', { reason: finished.message } ), 'failed' );

			}

		} catch ( error ) {

			setStatus( status, t( 'console.failed', { reason: error.message } ), 'failed' );

		} finally {

			this.editing = false;
			this.renderEdits();

		}

	}

	async edit( event ) {

		event.preventDefault();
		const form = event.target;
		const status = $( '.status', form );
		if ( this.selected === null ) return;
		const words = ( id ) => $( id ).value.trim().split( /[\s,]+/ ).filter( Boolean );
		const body = { moves: [], swaps: [], pins: words( '#console-pins' ) };
		const swap = words( '#console-swap' );
		if ( swap.length === 2 ) body.swaps.push( swap );
		const move = words( '#console-move' );
		if ( move.length === 5 ) body.moves.push( { number: move[ 0 ], rect: move.slice( 1 ).map( Number ) } );
		await this.submitEdits( body, $( 'progress', form ), status );

	}

	// exhibitors

	async loadExhibitors() {

		const page = await this.api.request( 'GET', `/api/organiser/exhibitors?per_page=50&page=${this.exhibitorPage}` );
		const body = $( '#console-exhibitors tbody' );
		body.replaceChildren();
		for ( const exhibitor of page.items ) {

			const row = document.createElement( 'tr' );
			row.dataset.ref = exhibitor.ref;
			cell( row, exhibitor.ref );
			cell( row, exhibitor.name );
			cell( row, exhibitor.booths.join( ' ' ) );
			const actions = cell( row, '' );
			button( actions, exhibitor.invited ? t( 'console.new_invitation' ) : t( 'console.invite' ), async () => {

				try {

					const invitation = await this.api.request( 'POST', `/api/organiser/exhibitors/${encodeURIComponent( exhibitor.ref )}/invitation` );
					const link = document.createElement( 'div' );
					link.className = 'link';
					link.textContent = new URL( invitation.url, window.location.href ).href;
					actions.replaceChildren( link );

				} catch ( error ) {

					actions.textContent = t( 'console.failed', { reason: error.message } );

				}

			}, true );
			body.appendChild( row );

		}

		const pager = $( '#console-exhibitors .pager' );
		pager.replaceChildren();
		const pages = Math.max( 1, Math.ceil( page.total / page.per_page ) );
		if ( pages > 1 ) {

			pager.append( t( 'console.page', { page: page.page, pages } ), ' ' );
			if ( page.page > 1 ) button( pager, '‹', () => { this.exhibitorPage --; this.loadExhibitors(); }, true );
			if ( page.page < pages ) button( pager, '›', () => { this.exhibitorPage ++; this.loadExhibitors(); }, true );

		}

	}

	// visitor figures

	async loadAnalytics() {

		const section = $( '#console-analytics' );
		const figures = $( '.figures', section );
		figures.replaceChildren();
		let report;
		try {

			report = await this.api.request( 'GET', '/api/organiser/analytics?by=day' );

		} catch ( error ) {

			figures.textContent = t( 'console.failed', { reason: error.message } );
			return;

		}

		const totals = report.totals || {};
		for ( const key of [ 'visitors', 'visits', 'booth_visits', 'product_views', 'new_product_views', 'meeting_requests' ] ) {

			const div = document.createElement( 'div' );
			const strong = document.createElement( 'strong' );
			strong.textContent = String( totals[ key ] ?? 0 );
			div.append( strong, t( `console.figure_${key}` ) );
			figures.appendChild( div );

		}

		const heatmaps = $( '.heatmaps', section );
		heatmaps.replaceChildren();
		const published = this.versions.find( ( v ) => v.published );
		for ( const hall of ( published && published.summary.halls ) || [] ) {

			const image = document.createElement( 'img' );
			image.className = 'plan';
			image.alt = t( 'console.heatmap_of', { hall } );
			image.src = `/api/organiser/heatmap/${encodeURIComponent( hall )}.png`;
			heatmaps.appendChild( image );

		}

	}

}

if ( typeof document !== 'undefined' && document.getElementById( 'console-work' ) ) {

	window.organiserConsole = new Console();
	window.organiserConsole.start();

}
