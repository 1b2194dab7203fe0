// Meeting the exhibitor from the booth panel: request a meeting (a 30-minute
// slot, 09:00–17:00 on the next five days, in the visitor's time zone, with a
// note), leave a message, exchange business cards, bookmark the booth.
//
// Each posts JSON to the platform API, /api/booths/<number>/meetings,
// /messages, /cards or /bookmarks, and says next to the action what came
// back: sent only when the server says so (2xx), otherwise that it did not go
// through and why (the status and the server's own error). Nothing pretends
// to work: until the platform API exists these fail visibly.

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
 * Posts to the platform API for a booth.
 *
 * @param {string} number - booth number (URL-encoded here)
 * @param {'meetings'|'messages'|'cards'|'bookmarks'} what
 * @param {Object} body
 * @return {Promise<{ok: boolean, status: number, message: string}>} message: the server's error, or what failed
 */
export async function postToBooth( number, what, body ) {

	let response;
	try {

		response = await fetch( `/api/booths/${encodeURIComponent( number )}/${what}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: JSON.stringify( body ),
		} );

	} catch ( err ) {

		return { ok: false, status: 0, message: err && err.message ? err.message : String( err ) };

	}

	let message = '';
	try {

		const document = await response.json();
		if ( document && typeof document.error === 'string' ) message = document.error;

	} catch ( err ) {

		// not JSON: the status says enough

	}

	return { ok: response.ok, status: response.status, message: message || response.statusText };

}

/**
 * The engagement actions of the booth panel, rendered into their own container.
 */
export class BoothActions {

	/**
	 * @param {HTMLElement} container - #booth-panel-engage
	 */
	constructor( container ) {

		this.container = container;
		this.booth = null;

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
		const name = field( doc, form, 'input', t( 'engage.name' ) );
		name.required = true;
		name.autocomplete = 'name';
		const company = field( doc, form, 'input', t( 'engage.company' ) );
		company.autocomplete = 'organization';
		const email = field( doc, form, 'input', t( 'engage.email' ) );
		email.type = 'email';
		email.required = true;
		email.autocomplete = 'email';
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

		form.addEventListener( 'submit', async ( event ) => {

			event.preventDefault();
			const button = form.querySelector( 'button[type=submit]' );
			button.disabled = true;
			status.className = 'engage-status pending';
			status.textContent = t( 'engage.sending' );

			const result = await postToBooth( booth.number, what, body() );
			button.disabled = false;
			if ( this.booth !== booth ) return; // the panel moved on to another booth

			if ( result.ok ) {

				status.className = 'engage-status sent';
				status.textContent = t( 'engage.sent' );

			} else {

				status.className = 'engage-status failed';
				status.textContent = result.status === 0
					? t( 'engage.unreachable', { reason: result.message } )
					: t( 'engage.failed', { status: result.status, reason: result.message } );

			}

		} );

	}

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
