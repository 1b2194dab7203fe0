// Meeting the exhibitor from the booth panel: request a meeting (a 30-minute
// slot, 09:00–17:00 on the next five days, in the visitor's time zone, with a
// note), leave a message, exchange business cards, bookmark the booth.
//
// Each posts JSON to the platform API, /api/booths/<number>/meetings,
// /messages, /cards or /bookmarks, with the CSRF token of the browser's
// session (GET /api/session), and says next to the action what came back:
// sent only when the server says so (2xx), otherwise that it did not go
// through and why (the status and the server's own error). A visitor who has
// not signed in is asked for name, company and e-mail first (the business
// card's fields; sending a card signs in with the card itself), signed in with
// POST /api/session/visitor, and the action is sent again.

import { language, t } from './i18n.js';

/** The first and last half hours a meeting may start at (local time), and how many days ahead. */
export const MEETING_HOURS = Object.freeze( { first: 9, last: 17, slotMinutes: 30, days: 5 } );

/**
 * The meeting slots of the next `days` days (tomorrow first) in the visitor's time zone.
 *
 * @param {Date} [now]
 * @param {Object} [hours] - as MEETING_HOURS
 * @return {Array<{start: Date, end: Date}>}
 */
export function meetingSlots( now = new Date(), hours = MEETING_HOURS ) {

	const slots = [];
	for ( let day = 1; day <= hours.days; day ++ ) {

		for ( let minutes = hours.first * 60; minutes + hours.slotMinutes <= hours.last * 60; minutes += hours.slotMinutes ) {

			const start = new Date( now.getFullYear(), now.getMonth(), now.getDate() + day, 0, minutes );
			slots.push( { start, end: new Date( start.getTime() + hours.slotMinutes * 60e3 ) } );

		}

	}

	return slots;

}

/**
 * An ISO 8601 date-time with the local offset, "2026-11-24T09:30:00+08:00".
 *
 * @param {Date} date
 * @return {string}
 */
export function localIso( date ) {

	const pad = ( n ) => String( Math.abs( n ) ).padStart( 2, '0' );
	const offset = - date.getTimezoneOffset();
	const sign = offset >= 0 ? '+' : '-';
	return `${date.getFullYear()}-${pad( date.getMonth() + 1 )}-${pad( date.getDate() )}` +
		`T${pad( date.getHours() )}:${pad( date.getMinutes() )}:00` +
		`${sign}${pad( Math.trunc( offset / 60 ) )}:${pad( offset % 60 )}`;

}

/**
 * Sends JSON to the platform API.
 *
 * @param {string} method
 * @param {string} url
 * @param {Object|undefined} body
 * @param {string} [csrfToken] - sent as X-CSRFToken
 * @return {Promise<{ok: boolean, status: number, message: string, document: Object|null}>}
 *   message: the server's error, or what failed; document: the JSON reply
 */
export async function send( method, url, body, csrfToken = '' ) {

	const headers = { Accept: 'application/json' };
	if ( body !== undefined ) headers[ 'Content-Type' ] = 'application/json';
	if ( csrfToken ) headers[ 'X-CSRFToken' ] = csrfToken;
	let response;
	try {

		response = await fetch( url, {
			method,
			headers,
			credentials: 'same-origin',
			body: body === undefined ? undefined : JSON.stringify( body ),
		} );

	} catch ( err ) {

		return { ok: false, status: 0, message: err && err.message ? err.message : String( err ), document: null };

	}

	let document = null;
	let message = '';
	try {

		document = await response.json();
		if ( document && typeof document.error === 'string' ) message = document.error;

	} catch ( err ) {

		// not JSON: the status says enough

	}

	return { ok: response.ok, status: response.status, message: message || response.statusText, document };

}

/**
 * Posts to the platform API for a booth.
 *
 * @param {string} number - booth number (URL-encoded here)
 * @param {'meetings'|'messages'|'cards'|'bookmarks'} what
 * @param {Object} body
 * @param {string} [csrfToken]
 * @return {Promise<{ok: boolean, status: number, message: string, document: Object|null}>}
 */
export function postToBooth( number, what, body, csrfToken = '' ) {

	return send( 'POST', `/api/booths/${encodeURIComponent( number )}/${what}`, body, csrfToken );

}

/**
 * This browser's session on the platform: the CSRF token every change sends,
 * and the visitor signed in (null when none).
 */
export class PlatformSession {

	constructor() {

		this.csrfToken = '';
		this.visitor = null;
		this.loaded = null; // the promise of the last GET /api/session

	}

	/**
	 * Asks the server who this browser is (once, unless `again`).
	 *
	 * @param {boolean} [again]
	 * @return {Promise<{ok: boolean, status: number, message: string}>}
	 */
	load( again = false ) {

		if ( this.loaded === null || again ) {

			this.loaded = send( 'GET', '/api/session' ).then( ( result ) => {

				if ( result.ok ) this._keep( result.document );
				else this.loaded = null; // ask again next time
				return result;

			} );

		}

		return this.loaded;

	}

	/**
	 * Signs the visitor in (or updates the details) with name, company and e-mail.
	 *
	 * @param {{name: string, company: string, email: string}} details
	 * @return {Promise<{ok: boolean, status: number, message: string}>}
	 */
	async signIn( details ) {

		const result = await send( 'POST', '/api/session/visitor', details, this.csrfToken );
		if ( result.ok ) this._keep( result.document );
		return result;

	}

	/**
	 * Posts to a booth with the session's CSRF token.
	 *
	 * @return {Promise<{ok: boolean, status: number, message: string}>}
	 */
	post( number, what, body ) {

		return postToBooth( number, what, body, this.csrfToken );

	}

	_keep( document ) {

		if ( ! document ) return;
		if ( typeof document.csrf_token === 'string' ) this.csrfToken = document.csrf_token;
		this.visitor = document.visitor || null;

	}

}

/**
 * The engagement actions of the booth panel, rendered into their own container.
 */
export class BoothActions {

	/**
	 * @param {HTMLElement} container - #booth-panel-engage
	 * @param {PlatformSession} [session] - who the browser is on the platform
	 */
	constructor( container, session = new PlatformSession() ) {

		this.container = container;
		this.session = session;
		this.booth = null;
		this.cardFields = null; // the business card's name, company and e-mail controls
		this.signInForm = null; // the sign-in form on show, if any

	}

	/**
	 * Renders the actions for a booth (null clears them).
	 *
	 * @param {Object|null} booth
	 */
	show( booth ) {

		this.booth = booth;
		this.container.replaceChildren();
		this.container.hidden = booth === null;
		if ( booth === null ) return;

		const doc = this.container.ownerDocument;
		const heading = doc.createElement( 'h3' );
		heading.textContent = t( 'engage.title' );
		this.container.appendChild( heading );

		this.container.appendChild( this._meeting( doc, booth ) );
		this.container.appendChild( this._message( doc, booth ) );
		this.container.appendChild( this._card( doc, booth ) );
		this.container.appendChild( this._bookmark( doc, booth ) );
		this.signInForm = null;
		this._fillCard();

	}

	_meeting( doc, booth ) {

		const { details, form, status } = section( doc, 'meeting', t( 'engage.meeting' ) );

		const select = field( doc, form, 'select', t( 'engage.slot' ) );
		select.required = true;
		const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
		const dayFormat = new Intl.DateTimeFormat( locale(), { weekday: 'short', day: 'numeric', month: 'short' } );
		const timeFormat = new Intl.DateTimeFormat( locale(), { hour: '2-digit', minute: '2-digit' } );
		let group = null, groupDay = null;

		for ( const slot of meetingSlots() ) {

			const day = slot.start.toDateString();

			if ( day !== groupDay ) {

				group = doc.createElement( 'optgroup' );
				group.label = dayFormat.format( slot.start );
				select.appendChild( group );
				groupDay = day;

			}

			const option = doc.createElement( 'option' );
			option.value = localIso( slot.start );
			option.dataset.end = localIso( slot.end );
			option.textContent = `${dayFormat.format( slot.start )} ${timeFormat.format( slot.start )}–${timeFormat.format( slot.end )}`;
			group.appendChild( option );

		}

		const note = field( doc, form, 'textarea', t( 'engage.note' ) );
		note.rows = 2;
		note.maxLength = 1000;
		const hint = doc.createElement( 'p' );
		hint.className = 'hint';
		hint.textContent = t( 'engage.time_zone', { zone } );
		form.appendChild( hint );

		submitButton( doc, form, t( 'engage.send_request' ) );
		this._onSubmit( form, status, booth, 'meetings', () => {

			const option = select.selectedOptions[ 0 ];
			return { start: option.value, end: option.dataset.end, time_zone: zone, note: note.value.trim() };

		} );
		return details;

	}

	_message( doc, booth ) {

		const { details, form, status } = section( doc, 'message', t( 'engage.message' ) );
		const text = field( doc, form, 'textarea', t( 'engage.your_message' ) );
		text.rows = 3;
		text.required = true;
		text.maxLength = 2000;
		submitButton( doc, form, t( 'engage.send' ) );
		this._onSubmit( form, status, booth, 'messages', () => ( { message: text.value.trim() } ) );
		return details;

	}

	_card( doc, booth ) {

		const { details, form, status } = section( doc, 'card', t( 'engage.card' ) );
		const { name, company, email } = this.cardFields = contactFields( doc, form );
		submitButton( doc, form, t( 'engage.send_card' ) );
		this._onSubmit( form, status, booth, 'cards', () => ( {
			name: name.value.trim(), company: company.value.trim(), email: email.value.trim(),
		} ) );
		return details;

	}

	_bookmark( doc, booth ) {

		const wrapper = doc.createElement( 'div' );
		wrapper.className = 'engage-action';
		wrapper.dataset.action = 'bookmark';
		const form = doc.createElement( 'form' );
		submitButton( doc, form, t( 'engage.bookmark' ) );
		const status = statusLine( doc );
		wrapper.append( form, status );
		this._onSubmit( form, status, booth, 'bookmarks', () => ( {} ) );
		return wrapper;

	}

	_onSubmit( form, status, booth, what, body ) {

		form.addEventListener( 'submit', ( event ) => {

			event.preventDefault();
			this._send( form, status, booth, what, body() );

		} );

	}

	/** Sends an action and says how it went; asks the visitor to sign in first when needed. */
	async _send( form, status, booth, what, payload ) {

		const button = form.querySelector( 'button[type=submit]' );
		button.disabled = true;
		this._closeSignIn();
		setStatus( status, 'pending', t( 'engage.sending' ) );

		const result = await this._attempt( booth, what, payload );
		button.disabled = false;
		if ( this.booth !== booth ) return; // the panel moved on to another booth

		if ( result === null ) this._askSignIn( form, status, booth, what, payload );
		else this._report( status, what, result );

	}

	/**
	 * Posts the action with the session's CSRF token; once more after asking the
	 * server again when it says the session is gone (401, or a stale CSRF token).
	 *
	 * @return {Promise<Object|null>} the result, or null: the visitor has to sign in
	 */
	async _attempt( booth, what, payload ) {

		for ( let round = 0; ; round ++ ) {

			const loaded = await this.session.load( round > 0 );
			if ( ! loaded.ok ) return loaded;

			if ( this.session.visitor === null ) {

				if ( what !== 'cards' ) return null;
				const signedIn = await this.session.signIn( payload ); // the card says who is sending it
				if ( ! signedIn.ok ) return signedIn;

			}

			const result = await this.session.post( booth.number, what, payload );
			const stale = result.status === 401 ||
				( result.status === 400 && result.document && result.document.field === 'X-CSRFToken' );
			if ( ! stale || round > 0 ) return result;

		}

	}

	/** The small sign-in form (name, company, e-mail) under the action; sends the action once signed in. */
	_askSignIn( form, status, booth, what, payload ) {

		const doc = form.ownerDocument;
		const signIn = doc.createElement( 'form' );
		signIn.className = 'engage-signin';
		signIn.dataset.testid = 'engage-signin';
		const fields = contactFields( doc, signIn );
		for ( const key of [ 'name', 'company', 'email' ] ) {

			if ( this.cardFields ) fields[ key ].value = this.cardFields[ key ].value;

		}

		const button = submitButton( doc, signIn, t( 'engage.sign_in_and_send' ) );
		form.after( signIn );
		this.signInForm = signIn;
		setStatus( status, 'sign-in', t( 'engage.sign_in_needed' ) );
		fields.name.focus();

		signIn.addEventListener( 'submit', async ( event ) => {

			event.preventDefault();
			button.disabled = true;
			setStatus( status, 'pending', t( 'engage.signing_in' ) );
			const result = await this.session.signIn( {
				name: fields.name.value.trim(), company: fields.company.value.trim(), email: fields.email.value.trim(),
			} );
			button.disabled = false;
			if ( this.booth !== booth ) return;

			if ( ! result.ok ) {

				this._report( status, what, result );
				return;

			}

			this._fillCard();
			this._send( form, status, booth, what, payload );

		} );

	}

	_closeSignIn() {

		if ( this.signInForm !== null ) this.signInForm.remove();
		this.signInForm = null;

	}

	/** The signed-in visitor's details in the business card's empty fields. */
	_fillCard() {

		const visitor = this.session.visitor;
		if ( ! visitor || ! this.cardFields ) return;
		for ( const key of [ 'name', 'company', 'email' ] ) {

			const control = this.cardFields[ key ];
			if ( ! control.value && visitor[ key ] ) control.value = visitor[ key ];

		}

	}

	_report( status, what, result ) {

		if ( result.ok ) {

			setStatus( status, 'sent', what === 'bookmarks' ? t( 'engage.bookmarked' ) : t( 'engage.sent' ) );

		} else {

			setStatus( status, 'failed', result.status === 0
				? t( 'engage.unreachable', { reason: result.message } )
				: t( 'engage.failed', { status: result.status, reason: result.message } ) );

		}

	}

}

function setStatus( status, state, text ) {

	status.className = `engage-status ${state}`;
	status.textContent = text;

}

/** The name, company and e-mail fields (the business card's, and the sign-in form's). */
function contactFields( doc, form ) {

	const name = field( doc, form, 'input', t( 'engage.name' ) );
	name.required = true;
	name.maxLength = 200;
	name.autocomplete = 'name';
	const company = field( doc, form, 'input', t( 'engage.company' ) );
	company.maxLength = 200;
	company.autocomplete = 'organization';
	const email = field( doc, form, 'input', t( 'engage.email' ) );
	email.type = 'email';
	email.required = true;
	email.maxLength = 254;
	email.autocomplete = 'email';
	return { name, company, email };

}

function locale() {

	return language() === 'zh' ? 'zh-CN' : 'en';

}

/** A collapsible action: <details> with a summary, a form and a status line. */
function section( doc, action, title ) {

	const details = doc.createElement( 'details' );
	details.className = 'engage-action';
	details.dataset.action = action;
	const summary = doc.createElement( 'summary' );
	summary.textContent = title;
	const form = doc.createElement( 'form' );
	const status = statusLine( doc );
	details.append( summary, form, status );
	return { details, form, status };

}

function statusLine( doc ) {

	const status = doc.createElement( 'p' );
	status.className = 'engage-status';
	status.setAttribute( 'role', 'status' );
	status.setAttribute( 'aria-live', 'polite' );
	return status;

}

/** A labelled control appended to a form. */
function field( doc, form, tag, label ) {

	const wrapper = doc.createElement( 'label' );
	const text = doc.createElement( 'span' );
	text.textContent = label;
	const control = doc.createElement( tag );
	wrapper.append( text, control );
	form.appendChild( wrapper );
	return control;

}

function submitButton( doc, form, label ) {

	const button = doc.createElement( 'button' );
	button.type = 'submit';
	button.textContent = label;
	form.appendChild( button );
	return button;

}
