// The fair map: every hall of the fair side by side at one scale, each with its
// name and booth count, the hall on show marked; choosing one switches to it.
// It opens from the minimap's "Halls" button or Enter on the minimap, and is
// offered for a one-hall fair too (as the larger plan of that hall).

import { hallBooths } from './context.js';
import { t } from './i18n.js';
import { zoneColours } from './minimap.js';

const SVG = 'http://www.w3.org/2000/svg';

/** The halls' drawings share one scale that fits them in this box (CSS px). */
const MAX_ROW_WIDTH = 760;
const MAX_HALL_HEIGHT = 260;
/** Gap between halls (CSS px), counted when fitting them side by side. */
const GAP = 16;
/** Above this many booths in the fair, the halls are drawn without their booths. */
const MAX_DRAWN_BOOTHS = 6000;

let context = null;
let opener = null;

/**
 * Opens the fair map and moves the focus into it.
 *
 * @param {HTMLElement|null} [from] - the element the focus goes back to on close
 */
export function openFairMap( from = null ) {

	if ( context === null || context.manifest === null ) return;

	const dialog = document.getElementById( 'fair-map' );
	opener = from || document.activeElement;
	render( context );
	dialog.hidden = false;
	const current = dialog.querySelector( 'button[aria-current="true"]' ) || dialog.querySelector( 'button' );
	if ( current ) current.focus();

}

/**
 * Closes the fair map, the focus going back where it came from.
 */
export function closeFairMap() {

	const dialog = document.getElementById( 'fair-map' );
	if ( dialog.hidden ) return;
	dialog.hidden = true;
	if ( opener && typeof opener.focus === 'function' && opener.isConnected ) opener.focus();
	opener = null;

}

/**
 * Installs the fair map.
 *
 * @param {import('./context.js').ViewerContext} ctx
 */
export function install( ctx ) {

	context = ctx;

	const dialog = document.getElementById( 'fair-map' );
	const button = document.getElementById( 'fair-map-open' );

	button.addEventListener( 'click', () => openFairMap( button ) );
	document.getElementById( 'fair-map-close' ).addEventListener( 'click', closeFairMap );

	// a click on the backdrop (outside the box) closes it
	dialog.addEventListener( 'click', ( event ) => {

		if ( event.target === dialog ) closeFairMap();

	} );

	dialog.addEventListener( 'keydown', ( event ) => {

		// the walker and the viewer's keys (B, E, arrows) stay still behind the dialog
		event.stopPropagation();

		if ( event.code === 'Escape' ) {

			event.preventDefault();
			closeFairMap();

		} else if ( event.code === 'Tab' ) {

			// keep the focus inside while it is open
			const focusable = [ ...dialog.querySelectorAll( 'button' ) ];
			if ( focusable.length === 0 ) return;
			const first = focusable[ 0 ], last = focusable[ focusable.length - 1 ];

			if ( event.shiftKey && document.activeElement === first ) {

				last.focus();
				event.preventDefault();

			} else if ( ! event.shiftKey && document.activeElement === last ) {

				first.focus();
				event.preventDefault();

			}

		}

	} );

	ctx.addEventListener( 'language', () => {

		if ( ! dialog.hidden ) render( ctx );

	} );

	ctx.addEventListener( 'hall', () => {

		if ( ! dialog.hidden ) render( ctx );

	} );

}

function render( ctx ) {

	const manifest = ctx.manifest;
	const list = document.getElementById( 'fair-map-halls' );
	const halls = manifest.halls.filter( ( hall ) => Array.isArray( hall.outline ) && hall.outline.length >= 3 );

	const all = [];
	for ( const hall of manifest.halls ) for ( const booth of hallBooths( manifest, hall ) ) all.push( booth );
	const colours = zoneColours( manifest, all );
	const drawBooths = all.length <= MAX_DRAWN_BOOTHS;

	// one scale for all: side by side within MAX_ROW_WIDTH, none taller than MAX_HALL_HEIGHT
	const boxes = halls.map( ( hall ) => bounds( hall.outline ) );
	const totalWidth = boxes.reduce( ( sum, b ) => sum + b.width, 0 );
	const tallest = Math.max( ...boxes.map( ( b ) => b.height ) );
	const widest = Math.max( ...boxes.map( ( b ) => b.width ) );
	const scale = Math.min(
		( MAX_ROW_WIDTH - GAP * ( halls.length - 1 ) ) / totalWidth,
		MAX_HALL_HEIGHT / tallest,
		Math.max( window.innerWidth - 80, 100 ) / widest // on a phone they wrap, one hall per row
	);

	list.replaceChildren();

	halls.forEach( ( hall, index ) => {

		const box = boxes[ index ];
		const booths = hallBooths( manifest, hall );
		const current = ctx.hall !== null && ctx.hall.id === hall.id;

		const item = document.createElement( 'li' );
		const button = document.createElement( 'button' );
		button.type = 'button';
		button.className = 'fair-map-hall';
		button.dataset.hall = hall.id;
		if ( current ) button.setAttribute( 'aria-current', 'true' );

		const svg = document.createElementNS( SVG, 'svg' );
		svg.setAttribute( 'viewBox', `${box.minX} ${- box.maxY} ${box.width} ${box.height}` );
		svg.setAttribute( 'width', String( Math.max( 24, Math.round( box.width * scale ) ) ) );
		svg.setAttribute( 'height', String( Math.max( 24, Math.round( box.height * scale ) ) ) );
		svg.setAttribute( 'aria-hidden', 'true' );

		// plan y points north: draw at −y so north is up
		const outline = document.createElementNS( SVG, 'polygon' );
		outline.setAttribute( 'points', hall.outline.map( ( [ x, y ] ) => `${x},${- y}` ).join( ' ' ) );
		outline.setAttribute( 'class', 'fair-map-floor' );
		outline.setAttribute( 'vector-effect', 'non-scaling-stroke' );
		svg.appendChild( outline );

		if ( drawBooths ) {

			for ( const booth of booths ) {

				const [ x0, y0, x1, y1 ] = booth.rect;
				const rect = document.createElementNS( SVG, 'rect' );
				rect.setAttribute( 'x', String( x0 ) );
				rect.setAttribute( 'y', String( - y1 ) );
				rect.setAttribute( 'width', String( x1 - x0 ) );
				rect.setAttribute( 'height', String( y1 - y0 ) );
				rect.setAttribute( 'fill', colours.get( booth.zone || '' ) || '#34568c' );
				svg.appendChild( rect );

			}

		}

		const name = document.createElement( 'span' );
		name.className = 'fair-map-name';
		name.textContent = hall.name || hall.id;

		const count = document.createElement( 'span' );
		count.className = 'fair-map-count';
		count.textContent = t( 'fairmap.booths', { count: booths.length } );

		button.append( svg, name, count );

		if ( current ) {

			const here = document.createElement( 'span' );
			here.className = 'fair-map-current';
			here.textContent = t( 'fairmap.current' );
			button.append( here );

		}

		button.addEventListener( 'click', () => {

			closeFairMap();
			if ( ! current ) ctx.switchHall( hall.id );

		} );

		item.appendChild( button );
		list.appendChild( item );

	} );

}

function bounds( outline ) {

	const xs = outline.map( ( p ) => p[ 0 ] );
	const ys = outline.map( ( p ) => p[ 1 ] );
	const minX = Math.min( ...xs ), maxX = Math.max( ...xs );
	const minY = Math.min( ...ys ), maxY = Math.max( ...ys );
	return { minX, maxY, width: Math.max( maxX - minX, 1 ), height: Math.max( maxY - minY, 1 ) };

}
