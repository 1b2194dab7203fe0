// The booth directory (`/directory`): every booth of the fair as tables grouped
// by hall and zone, for screen-reader and keyboard users and for anyone who
// cannot use the 3D hall. No WebGL, no three.js. The search is the viewer's
// (search.js); each booth links to `/?hall=<id>&booth=<number>`.
//
// Rendered in one pass into a fragment; the search hides rows (one style
// recalculation, no per-row layout). Manifest text is set with textContent.

import { language, languageSwitch, onLanguage, t, translate } from './i18n.js';
import { buildIndex, fairBooths, hallLabel, normalize, productName, search } from './search.js';

const MANIFEST_URL = '/api/fair';
const numberOrder = new Intl.Collator( 'en', { numeric: true, sensitivity: 'base' } );

/** Test hook: 'loading' | 'ready' | 'error', and the number of booths listed. */
const directory = { state: 'loading', booths: 0 };
window.halllayoutDirectory = directory;

const input = document.getElementById( 'directory-search' );
const count = document.getElementById( 'directory-count' );
const list = document.getElementById( 'directory-list' );
const errorLine = document.getElementById( 'directory-error' );

let manifest = null;
let index = [];
/** one per booth: { key, row } */
let rows = [];
/** one per zone table and per hall section: { element, keys, heading, label(count) } */
let groups = [];

translate( document );
languageSwitch( document.getElementById( 'language' ) );

onLanguage( () => {

	if ( manifest !== null ) render();

} );

document.getElementById( 'directory-search-form' ).addEventListener( 'submit', ( event ) => event.preventDefault() );
input.addEventListener( 'input', () => {

	filter();
	const url = new URL( window.location.href );
	if ( input.value.trim() === '' ) url.searchParams.delete( 'q' );
	else url.searchParams.set( 'q', input.value );
	window.history.replaceState( null, '', url );

} );

input.value = new URLSearchParams( window.location.search ).get( 'q' ) || '';

load();

async function load() {

	try {

		const response = await fetch( MANIFEST_URL );
		const body = await response.json().catch( () => null );
		if ( ! response.ok ) throw new Error( ( body && body.error ) || `HTTP ${response.status}` );
		if ( ! body || ! Array.isArray( body.halls ) ) throw new Error( 'the fair manifest has no halls' );
		manifest = body;

	} catch ( err ) {

		directory.state = 'error';
		count.removeAttribute( 'data-i18n' );
		count.textContent = '';
		errorLine.textContent = t( 'directory.error', { reason: err.message } );
		errorLine.hidden = false;
		return;

	}

	index = buildIndex( manifest );
	render();
	directory.state = 'ready';

}

/** Builds the whole list (again, after a language switch) and applies the search. */
function render() {

	const fairName = ( manifest.fair && manifest.fair.name ) || t( 'hud.exhibition' );
	document.getElementById( 'fair-name' ).textContent = fairName;
	document.title = `${t( 'directory.title' )} · ${fairName}`;

	const regions = regionNames();
	const fragment = document.createDocumentFragment();
	rows = [];
	groups = [];

	const byHall = new Map();
	for ( const { booth, hall } of fairBooths( manifest ) ) {

		if ( ! byHall.has( hall ) ) byHall.set( hall, [] );
		byHall.get( hall ).push( booth );

	}

	for ( const hall of manifest.halls ) {

		const booths = ( byHall.get( hall ) || [] ).slice().sort( ( a, b ) => numberOrder.compare( a.number, b.number ) );
		const section = element( 'section' );
		const hallLabelText = hallLabel( hall );
		const hallCount = ( n ) => t( 'directory.hall_count', { hall: hallLabelText, count: n } );
		const heading = element( 'h2', hallCount( booths.length ) );
		heading.id = `hall-${hall.id}`;
		section.setAttribute( 'aria-labelledby', heading.id );
		section.dataset.hall = hall.id;
		section.append( heading );
		const hallGroup = { element: section, keys: [], heading, label: hallCount };

		// zones in order of first appearance along the booth numbers
		const zones = new Map();
		for ( const booth of booths ) {

			const zone = booth.zone || '';
			if ( ! zones.has( zone ) ) zones.set( zone, [] );
			zones.get( zone ).push( booth );

		}

		for ( const [ zone, zoneBooths ] of zones ) {

			const zoneName = zone || t( 'directory.no_zone' );
			const zoneCount = ( n ) => t( 'directory.zone_count', { zone: zoneName, count: n } );
			const zoneHeading = element( 'h3', zoneCount( zoneBooths.length ) );
			const table = element( 'table' );
			const caption = element( 'caption', `${hallLabelText} · ${zoneName}` );
			caption.className = 'visually-hidden';
			const head = element( 'thead' );
			const headRow = element( 'tr' );
			for ( const key of [ 'directory.number', 'directory.exhibitor', 'directory.country', 'directory.products', 'directory.link' ] ) {

				const th = element( 'th', t( key ) );
				th.scope = 'col';
				headRow.append( th );

			}

			head.append( headRow );
			const body = element( 'tbody' );
			const zoneGroup = { element: [ zoneHeading, table ], keys: [], heading: zoneHeading, label: zoneCount };

			for ( const booth of zoneBooths ) {

				const key = boothKey( hall, booth );
				body.append( boothRow( hall, booth, regions, key ) );
				zoneGroup.keys.push( key );
				hallGroup.keys.push( key );

			}

			table.append( caption, head, body );
			section.append( zoneHeading, table );
			groups.push( zoneGroup );

		}

		groups.push( hallGroup );
		fragment.append( section );

	}

	list.replaceChildren( fragment );
	directory.booths = rows.length;
	filter();

}

function boothRow( hall, booth, regions, key ) {

	const row = element( 'tr' );
	row.dataset.booth = booth.number;
	row.dataset.hall = hall.id;

	const number = element( 'th', booth.number );
	number.scope = 'row';

	const exhibitor = element( 'td' );
	const name = element( 'span', booth.exhibitor || booth.exhibitor_en || '—' );
	name.className = 'exhibitor';
	exhibitor.append( name );
	if ( booth.exhibitor_en && booth.exhibitor && normalize( booth.exhibitor_en ) !== normalize( booth.exhibitor ) ) {

		const english = element( 'span', booth.exhibitor_en );
		english.className = 'exhibitor-en';
		english.lang = 'en';
		exhibitor.append( english );

	}

	const country = element( 'td', regionName( regions, booth.country ) );
	const products = Array.isArray( booth.products ) ? booth.products.map( productName ).filter( ( p ) => p !== '' ) : [];
	const productCell = element( 'td', products.join( ', ' ) );

	const link = element( 'a', t( 'directory.show_3d' ) );
	link.href = `/?hall=${encodeURIComponent( hall.id )}&booth=${encodeURIComponent( booth.number )}`;
	link.setAttribute( 'aria-label', t( 'directory.show_3d_label', { booth: booth.number } ) );
	const linkCell = element( 'td' );
	linkCell.append( link );

	row.append( number, exhibitor, country, productCell, linkCell );
	rows.push( { key, row } );
	return row;

}

/** Hides the booths the search does not match, and the zones and halls left empty; counts what is left. */
function filter() {

	const query = input.value;
	const total = rows.length;

	if ( normalize( query ) === '' ) {

		for ( const { row } of rows ) if ( row.hidden ) row.hidden = false;
		for ( const group of groups ) showGroup( group, group.keys.length );
		setCount( t( 'directory.count_all', { count: total } ) );
		return;

	}

	const found = new Set( search( index, query, { limit: Infinity } ).map( ( r ) => boothKey( r.hall, r.booth ) ) );
	for ( const { key, row } of rows ) {

		const hidden = ! found.has( key );
		if ( row.hidden !== hidden ) row.hidden = hidden; // untouched rows need no new style

	}

	for ( const group of groups ) showGroup( group, group.keys.reduce( ( n, key ) => n + ( found.has( key ) ? 1 : 0 ), 0 ) );
	setCount( found.size === 0 ? t( 'search.none' ) : t( 'directory.count_found', { found: found.size, count: total } ) );

}

function setCount( text ) {

	count.removeAttribute( 'data-i18n' );
	if ( count.textContent !== text ) count.textContent = text;

}

function showGroup( group, visibleBooths ) {

	for ( const el of Array.isArray( group.element ) ? group.element : [ group.element ] ) {

		if ( el.hidden !== ( visibleBooths === 0 ) ) el.hidden = visibleBooths === 0;

	}

	const text = group.label( visibleBooths );
	if ( visibleBooths > 0 && group.heading.textContent !== text ) group.heading.textContent = text;

}

function boothKey( hall, booth ) {

	return `${hall.id}\u0000${booth.number}`;

}

function element( tag, text ) {

	const el = document.createElement( tag );
	if ( text !== undefined ) el.textContent = text;
	return el;

}

function regionNames() {

	try {

		return new Intl.DisplayNames( [ language() === 'zh' ? 'zh-CN' : 'en' ], { type: 'region' } );

	} catch ( err ) {

		return null; // no Intl.DisplayNames: show the codes

	}

}

function regionName( regions, code ) {

	if ( ! code ) return '—';
	if ( regions !== null && /^[A-Za-z]{2}$/.test( code ) ) {

		try {

			return regions.of( code.toUpperCase() ) || code;

		} catch ( err ) {

			return code;

		}

	}

	return String( code );

}
