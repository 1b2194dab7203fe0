// The exhibitor portal (`/exhibitor`): the signed-in exhibitor's company profile,
// logo, booths, product models (upload → ingestion job with its progress → 3D
// preview → live, marked new or not), its booths' figures and meeting requests.
//
// Everything shown comes from the JSON API (/api/session, /api/exhibitor/...);
// changes send the CSRF token from GET /api/session in X-CSRFToken. Text from
// the API (names, reasons, visitors' notes) is set with textContent only.

import { language, languageSwitch, onLanguage, t, translate } from './i18n.js';
import { ProductViewer } from './productview.js';

/** How often an upload being processed is asked about (ms). */
const POLL_MS = 500;
/** A description's longest length (characters), as the API takes it. */
const MAX_DESCRIPTION = 4000;
const COLOUR = /^#[0-9a-fA-F]{6}$/;

/** Test hook: 'loading' | 'ready' | 'signed-out' | 'error', and what the portal shows. */
const portal = { state: 'loading', uploads: [], profile: null, viewer: null };
window.halllayoutPortal = portal;

const $ = ( id ) => document.getElementById( id );
const statusLine = $( 'portal-status' );
const viewer = new ProductViewer( document );
portal.viewer = viewer.hook;

let csrf = '';
let uploads = [];
let meetings = [];
/** upload id → timer of its poll */
const polling = new Map();

translate( document );
languageSwitch( $( 'language' ) );
onLanguage( () => {

	renderDescriptionCount();
	renderUploads();
	renderMeetings();
	if ( portal.state === 'ready' ) statusLine.textContent = '';

} );

start();

// talking to the API

class ApiError extends Error {

	constructor( status, body ) {

		super( ( body && body.error ) || `HTTP ${status}` );
		this.status = status;
		this.field = body ? body.field : null;

	}

}

async function api( method, url, body ) {

	const options = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
	if ( method !== 'GET' ) options.headers[ 'X-CSRFToken' ] = csrf;
	if ( body instanceof FormData ) {

		options.body = body;

	} else if ( body !== undefined ) {

		options.headers[ 'Content-Type' ] = 'application/json';
		options.body = JSON.stringify( body );

	}

	const response = await fetch( url, options );
	const document = await response.json().catch( () => null );
	if ( ! response.ok ) throw new ApiError( response.status, document );
	return document;

}

/** POSTs a FormData with XMLHttpRequest, for the upload's progress; resolves to the JSON reply. */
function send( url, form, onProgress ) {

	return new Promise( ( resolve, reject ) => {

		const request = new XMLHttpRequest();
		request.open( 'POST', url );
		request.setRequestHeader( 'X-CSRFToken', csrf );
		request.setRequestHeader( 'Accept', 'application/json' );
		request.responseType = 'json';
		request.upload.addEventListener( 'progress', ( event ) => {

			if ( event.lengthComputable && event.total > 0 ) onProgress( event.loaded / event.total );

		} );
		request.addEventListener( 'load', () => {

			if ( request.status >= 200 && request.status < 300 ) resolve( request.response );
			else reject( new ApiError( request.status, request.response ) );

		} );
		request.addEventListener( 'error', () => reject( new Error( t( 'portal.network_error' ) ) ) );
		request.send( form );

	} );

}

// starting

async function start() {

	try {

		const session = await api( 'GET', '/api/session' );
		csrf = session.csrf_token;
		if ( ! session.exhibitor ) {

			portal.state = 'signed-out';
			statusLine.textContent = t( 'portal.signed_out' );
			return;

		}

		$( 'sign-out' ).hidden = false;
		const [ me, booths ] = await Promise.all( [ api( 'GET', '/api/exhibitor/profile' ), api( 'GET', '/api/exhibitor/booths' ) ] );
		showProfile( me );
		showBooths( booths );
		wireForms();
		$( 'portal' ).hidden = false;
		statusLine.textContent = '';
		portal.state = 'ready';
		await Promise.all( [ loadUploads(), loadAnalytics(), loadMeetings() ] );

	} catch ( err ) {

		portal.state = 'error';
		statusLine.classList.add( 'error' );
		statusLine.textContent = t( 'portal.failed', { reason: err.message } );

	}

}

// the profile

function showProfile( me ) {

	portal.profile = me;
	$( 'company-name' ).textContent = me.name;
	document.title = `${me.name} · ${t( 'portal.title' )}`;
	$( 'profile-name' ).value = me.name;
	$( 'profile-description' ).value = me.description;
	$( 'profile-website' ).value = me.website;
	$( 'profile-live-stream' ).value = me.live_stream;
	for ( const n of [ 1, 2 ] ) {

		const colour = me.colours[ n - 1 ] || '';
		$( `colour-${n}` ).value = colour;
		$( `colour-${n}-picker` ).value = colour || '#ffffff';

	}

	const logo = $( 'logo-image' );
	logo.hidden = ! me.logo;
	if ( me.logo ) {

		logo.src = me.logo;
		logo.alt = t( 'portal.logo_alt', { company: me.name } );

	}

	renderDescriptionCount();

}

function renderDescriptionCount() {

	$( 'description-count' ).textContent = t( 'portal.characters', {
		count: $( 'profile-description' ).value.length, max: MAX_DESCRIPTION,
	} );

}

function profileBody() {

	const colours = [ $( 'colour-1' ).value.trim(), $( 'colour-2' ).value.trim() ].filter( ( c ) => c !== '' );
	return {
		name: $( 'profile-name' ).value.trim(),
		description: $( 'profile-description' ).value,
		website: $( 'profile-website' ).value.trim(),
		live_stream: $( 'profile-live-stream' ).value.trim(),
		colours,
	};

}

/** The form's input for an API field name ("colours.1" → the second colour). */
function inputFor( field ) {

	if ( ! field ) return null;
	if ( field.startsWith( 'colours' ) ) return $( field === 'colours.1' ? 'colour-2' : 'colour-1' );
	return { name: $( 'profile-name' ), description: $( 'profile-description' ), website: $( 'profile-website' ), live_stream: $( 'profile-live-stream' ) }[ field ] || null;

}

async function saveProfile( event ) {

	event.preventDefault();
	const line = $( 'profile-status' );
	for ( const input of $( 'profile-form' ).querySelectorAll( '[aria-invalid]' ) ) input.removeAttribute( 'aria-invalid' );
	line.classList.remove( 'error' );

	const body = profileBody();
	const bad = [ 1, 2 ].find( ( n ) => $( `colour-${n}` ).value.trim() !== '' && ! COLOUR.test( $( `colour-${n}` ).value.trim() ) );
	if ( bad !== undefined ) {

		showFieldError( line, $( `colour-${bad}` ), t( 'portal.colour_invalid', { value: $( `colour-${bad}` ).value } ) );
		return;

	}

	$( 'profile-save' ).disabled = true;
	line.textContent = t( 'portal.saving' );
	try {

		showProfile( await api( 'PATCH', '/api/exhibitor/profile', body ) );
		line.textContent = t( 'portal.saved' );

	} catch ( err ) {

		showFieldError( line, inputFor( err.field ), err.message );

	} finally {

		$( 'profile-save' ).disabled = false;

	}

}

function showFieldError( line, input, message ) {

	line.classList.add( 'error' );
	line.textContent = message;
	if ( input ) {

		input.setAttribute( 'aria-invalid', 'true' );
		input.focus();

	}

}

async function uploadLogo( event ) {

	event.preventDefault();
	const line = $( 'logo-status' );
	const file = $( 'logo-file' ).files[ 0 ];
	line.classList.remove( 'error' );
	if ( ! file ) {

		showFieldError( line, $( 'logo-file' ), t( 'portal.choose_file' ) );
		return;

	}

	const form = new FormData();
	form.append( 'logo', file );
	line.textContent = t( 'portal.uploading' );
	try {

		showProfile( await api( 'POST', '/api/exhibitor/logo', form ) );
		line.textContent = t( 'portal.logo_saved' );

	} catch ( err ) {

		showFieldError( line, $( 'logo-file' ), err.message );

	}

}

// the booths

function showBooths( booths ) {

	$( 'booths-none' ).hidden = booths.length > 0;
	$( 'booths-table' ).hidden = booths.length === 0;
	const body = $( 'booths-table' ).tBodies[ 0 ];
	body.replaceChildren();
	for ( const booth of booths ) {

		const row = body.insertRow();
		row.insertCell().textContent = booth.number;
		row.insertCell().textContent = booth.hall;
		row.insertCell().textContent = booth.zone;
		const link = document.createElement( 'a' );
		link.href = booth.viewer;
		link.dataset.i18n = 'portal.show_3d';
		link.textContent = t( 'portal.show_3d' );
		row.insertCell().appendChild( link );

	}

}

// product models

async function loadUploads() {

	const page = await api( 'GET', '/api/exhibitor/uploads?per_page=100' );
	uploads = page.items;
	renderUploads();
	for ( const upload of uploads ) if ( pending( upload ) ) poll( upload.id );

}

const pending = ( upload ) => upload.status === 'queued' || upload.status === 'processing';

function replaceUpload( upload ) {

	const at = uploads.findIndex( ( u ) => u.id === upload.id );
	if ( at >= 0 ) uploads[ at ] = upload;
	else uploads.unshift( upload );
	renderUploads();

}

async function uploadModel( event ) {

	event.preventDefault();
	const line = $( 'model-status' );
	const bar = $( 'model-progress' );
	const file = $( 'model-file' ).files[ 0 ];
	line.classList.remove( 'error' );
	if ( ! file ) {

		showFieldError( line, $( 'model-file' ), t( 'portal.choose_file' ) );
		return;

	}

	const form = new FormData();
	form.append( 'model', file );
	form.append( 'name', $( 'model-name' ).value.trim() );
	$( 'model-upload' ).disabled = true;
	bar.hidden = false;
	bar.value = 0;
	line.textContent = t( 'portal.uploading' );
	try {

		// the bytes are the first half of the bar, ingestion the second
		const upload = await send( '/api/exhibitor/uploads', form, ( fraction ) => {

			bar.value = fraction / 2;

		} );
		$( 'model-file' ).value = '';
		$( 'model-name' ).value = '';
		replaceUpload( upload );
		showJob( upload );
		if ( pending( upload ) ) poll( upload.id );

	} catch ( err ) {

		bar.hidden = true;
		showFieldError( line, $( 'model-file' ), err.message );

	} finally {

		$( 'model-upload' ).disabled = false;

	}

}

/** The progress bar and line for the upload being processed. */
function showJob( upload ) {

	const bar = $( 'model-progress' );
	const line = $( 'model-status' );
	line.classList.toggle( 'error', upload.status === 'refused' );
	if ( pending( upload ) ) {

		const progress = upload.job ? upload.job.progress : 0;
		bar.value = 0.5 + progress / 2;
		line.textContent = t( 'portal.processing', { name: upload.name, percent: Math.round( progress * 100 ) } );

	} else if ( upload.status === 'refused' ) {

		bar.hidden = true;
		line.textContent = t( 'portal.refused', { reason: upload.reason } );

	} else {

		bar.value = 1;
		line.textContent = t( 'portal.processed', { name: upload.name } );

	}

}

function poll( id ) {

	if ( polling.has( id ) ) return;
	const tick = async () => {

		try {

			const upload = await api( 'GET', `/api/exhibitor/uploads/${id}` );
			replaceUpload( upload );
			showJob( upload );
			if ( pending( upload ) ) {

				polling.set( id, setTimeout( tick, POLL_MS ) );
				return;

			}

		} catch ( err ) {

			$( 'model-status' ).textContent = t( 'portal.failed', { reason: err.message } );

		}

		polling.delete( id );

	};

	polling.set( id, setTimeout( tick, POLL_MS ) );

}

async function act( upload, what, body ) {

	try {

		replaceUpload( await api( 'POST', `/api/exhibitor/uploads/${upload.id}/${what}`, body ) );

	} catch ( err ) {

		$( 'model-status' ).classList.add( 'error' );
		$( 'model-status' ).textContent = err.message;

	}

}

function button( label, onClick, testid ) {

	const b = document.createElement( 'button' );
	b.type = 'button';
	b.className = 'secondary';
	b.textContent = label;
	if ( testid ) b.dataset.testid = testid;
	b.addEventListener( 'click', onClick );
	return b;

}

function renderUploads() {

	portal.uploads = uploads.map( ( u ) => ( { id: u.id, name: u.name, status: u.status, is_new: u.is_new, reason: u.reason } ) );
	const table = $( 'uploads-table' );
	table.hidden = uploads.length === 0;
	const body = table.tBodies[ 0 ];
	body.replaceChildren();
	for ( const upload of uploads ) {

		const row = body.insertRow();
		row.dataset.testid = 'upload';
		row.dataset.status = upload.status;
		row.dataset.id = String( upload.id );

		const pictureCell = row.insertCell();
		if ( upload.thumbnail ) {

			const image = document.createElement( 'img' );
			image.className = 'upload-thumb';
			image.src = upload.thumbnail;
			image.alt = '';
			pictureCell.appendChild( image );

		}

		const nameCell = row.insertCell();
		nameCell.textContent = upload.name;
		const file = document.createElement( 'div' );
		file.className = 'hint';
		file.textContent = upload.file;
		nameCell.appendChild( file );

		const statusCell = row.insertCell();
		const badge = document.createElement( 'span' );
		badge.className = `badge ${upload.status}`;
		badge.textContent = t( `portal.status_${upload.status}` );
		statusCell.appendChild( badge );
		if ( upload.status === 'live' && upload.is_new ) {

			const fresh = document.createElement( 'span' );
			fresh.className = 'badge';
			fresh.textContent = t( 'portal.new' );
			statusCell.append( ' ', fresh );

		}

		if ( upload.status === 'refused' ) {

			const reason = document.createElement( 'div' );
			reason.className = 'error';
			reason.textContent = upload.reason;
			statusCell.appendChild( reason );

		}

		const actions = row.insertCell();
		const box = document.createElement( 'div' );
		box.className = 'actions';
		actions.appendChild( box );
		if ( upload.status === 'ready' || upload.status === 'live' ) {

			box.appendChild( button( t( 'portal.preview' ), ( event ) => viewer.open( {
				name: upload.name, model: upload.preview, size: upload.size_m,
			}, event.currentTarget ), 'preview' ) );

			const label = document.createElement( 'label' );
			label.style.display = 'inline';
			label.style.fontWeight = 'normal';
			const isNew = document.createElement( 'input' );
			isNew.type = 'checkbox';
			isNew.checked = upload.is_new;
			isNew.dataset.testid = 'is-new';
			label.append( isNew, ' ', t( 'portal.mark_new' ) );
			box.appendChild( label );

			if ( upload.status === 'ready' ) {

				box.appendChild( button( t( 'portal.go_live' ), () => act( upload, 'live', { is_new: isNew.checked } ), 'go-live' ) );

			} else {

				isNew.addEventListener( 'change', () => act( upload, 'live', { is_new: isNew.checked } ) );
				box.appendChild( button( t( 'portal.withdraw' ), () => act( upload, 'withdraw' ), 'withdraw' ) );

			}

		}

	}

}

// figures and meetings

async function loadAnalytics() {

	const box = $( 'analytics' );
	try {

		const report = await api( 'GET', '/api/exhibitor/analytics' );
		const totals = report.totals || {};
		box.replaceChildren();
		for ( const key of [ 'visitors', 'booth_visits', 'product_views', 'new_product_views', 'meeting_requests' ] ) {

			const figure = document.createElement( 'div' );
			const value = document.createElement( 'strong' );
			value.textContent = String( totals[ key ] ?? 0 );
			const label = document.createElement( 'span' );
			label.dataset.i18n = `portal.figure_${key}`;
			label.textContent = t( `portal.figure_${key}` );
			figure.append( value, label );
			box.appendChild( figure );

		}

	} catch ( err ) {

		box.textContent = t( 'portal.failed', { reason: err.message } );

	}

}

async function loadMeetings() {

	try {

		meetings = ( await api( 'GET', '/api/exhibitor/meetings?per_page=100' ) ).items;

	} catch ( err ) {

		meetings = [];

	}

	renderMeetings();

}

function renderMeetings() {

	$( 'meetings-none' ).hidden = meetings.length > 0;
	$( 'meetings-table' ).hidden = meetings.length === 0;
	const body = $( 'meetings-table' ).tBodies[ 0 ];
	body.replaceChildren();
	const when = new Intl.DateTimeFormat( language() === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' } );
	for ( const meeting of meetings ) {

		const row = body.insertRow();
		row.insertCell().textContent = when.format( new Date( meeting.start ) );
		const who = row.insertCell();
		who.textContent = [ meeting.visitor.name, meeting.visitor.company, meeting.visitor.email ].filter( Boolean ).join( ' · ' );
		if ( meeting.note ) {

			const note = document.createElement( 'div' );
			note.className = 'hint';
			note.textContent = meeting.note;
			who.appendChild( note );

		}

		row.insertCell().textContent = meeting.booth;
		row.insertCell().textContent = t( `portal.meeting_${meeting.status}` );
		const actions = row.insertCell();
		const answer = async ( what ) => {

			try {

				const changed = await api( 'POST', `/api/exhibitor/meetings/${meeting.id}/${what}` );
				meetings = meetings.map( ( m ) => ( m.id === changed.id ? changed : m ) );
				renderMeetings();

			} catch ( err ) {

				actions.textContent = err.message;

			}

		};

		if ( meeting.status !== 'cancelled' ) {

			if ( meeting.status !== 'accepted' ) actions.appendChild( button( t( 'portal.accept' ), () => answer( 'accept' ) ) );
			if ( meeting.status !== 'declined' ) actions.appendChild( button( t( 'portal.decline' ), () => answer( 'decline' ) ) );

		}

	}

}

// wiring

function wireForms() {

	$( 'profile-form' ).addEventListener( 'submit', saveProfile );
	$( 'profile-description' ).addEventListener( 'input', renderDescriptionCount );
	$( 'logo-form' ).addEventListener( 'submit', uploadLogo );
	$( 'model-form' ).addEventListener( 'submit', uploadModel );
	for ( const n of [ 1, 2 ] ) {

		$( `colour-${n}-picker` ).addEventListener( 'input', ( event ) => {

			$( `colour-${n}` ).value = event.target.value;

		} );
		$( `colour-${n}` ).addEventListener( 'input', ( event ) => {

			if ( COLOUR.test( event.target.value.trim() ) ) $( `colour-${n}-picker` ).value = event.target.value.trim().toLowerCase();

		} );

	}

	$( 'sign-out' ).addEventListener( 'click', async () => {

		await api( 'DELETE', '/api/session' ).catch( () => null );
		window.location.assign( '/' );

	} );

}

export { portal };
