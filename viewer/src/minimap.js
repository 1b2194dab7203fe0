// The minimap: the hall's floor plan in a corner (outline, aisles, booths in
// their zone's colour, columns, doors) with a "you are here" marker that shows
// the heading, the route to a booth when there is one, and click-to-go.
//
// The plan is drawn once per hall (and size) to an offscreen canvas; each frame
// only copies it and draws the route and the marker on top, and only when the
// walker moved or turned.

import { hallBooths } from './context.js';
import { language, t } from './i18n.js';
import { openFairMap } from './fairmap.js';
import { isBirdsEye, leaveBirdsEye, walkerPose } from './overview.js';
import { boothAt, pointInPolygon } from './plan.js';

/** Width of the minimap (CSS px); narrow portrait screens get the smaller one. */
const WIDTH = 200;
const WIDTH_SMALL = 120;
/** Height limits (CSS px): a long thin hall is not drawn taller or flatter than this. */
const MAX_HEIGHT = 200;
const MIN_HEIGHT = 60;
/** Margin around the hall inside the canvas (CSS px). */
const PAD = 6;
/** How far from a booth, column or wall a click may land and still count as aisle (m): the walker's radius. */
const CLEARANCE = 0.3;
/** How long the "not an aisle" note stays (ms). */
const NOTE_MS = 2500;

// zone colours as halllayout/palette.py makes them, for a manifest without `zone_colours`
const ZONE_CARPETS = [ '#34568c', '#963034', '#2c6e54', '#765496', '#b47828', '#28788c', '#6e6e6e', '#96466e' ];
const GOLDEN_ANGLE = 137.50776405003785;

const COLOURS = {
	background: 'rgba(20, 24, 30, 0.86)',
	floor: '#4a525e',
	aisle: '#8a929c',
	mainAisle: '#a4acb5',
	wall: '#f2f4f7',
	column: '#15181d',
	entrance: '#3ddc84',
	exit: '#ff5a4f',
	route: '#ffb020',
	marker: '#ffb020',
	markerEdge: '#15181d',
};

/**
 * Plan ↔ minimap canvas coordinates (CSS px) of one hall.
 */
class PlanView {

	/**
	 * @param {number[][]} outline - hall outline [[x, y], ...] (m)
	 * @param {number} width - canvas width (CSS px)
	 */
	constructor( outline, width ) {

		const xs = outline.map( ( p ) => p[ 0 ] );
		const ys = outline.map( ( p ) => p[ 1 ] );
		this.minX = Math.min( ...xs );
		this.maxY = Math.max( ...ys );
		const spanX = Math.max( Math.max( ...xs ) - this.minX, 1 );
		const spanY = Math.max( this.maxY - Math.min( ...ys ), 1 );

		this.width = width;
		this.height = Math.round( Math.min( MAX_HEIGHT, Math.max( MIN_HEIGHT, ( width - 2 * PAD ) * spanY / spanX + 2 * PAD ) ) );
		this.scale = Math.min( ( this.width - 2 * PAD ) / spanX, ( this.height - 2 * PAD ) / spanY );
		// centre the plan in the canvas
		this.left = ( this.width - spanX * this.scale ) / 2;
		this.top = ( this.height - spanY * this.scale ) / 2;

	}

	/** Canvas point [u, v] (CSS px) of plan point (x, y). */
	toCanvas( x, y ) {

		return [ this.left + ( x - this.minX ) * this.scale, this.top + ( this.maxY - y ) * this.scale ];

	}

	/** Plan point [x, y] (m) of canvas point (u, v). */
	toPlan( u, v ) {

		return [ this.minX + ( u - this.left ) / this.scale, this.maxY - ( v - this.top ) / this.scale ];

	}

}

/**
 * Each zone's CSS colour: the manifest's `zone_colours` when it has them, else
 * the palette's rule (order of first appearance over the fair).
 *
 * @param {Object} manifest
 * @param {Array<Object>} booths - every booth of the fair, in manifest order
 * @return {Map<string, string>}
 */
export function zoneColours( manifest, booths ) {

	const colours = new Map();
	const given = manifest && manifest.zone_colours && typeof manifest.zone_colours === 'object' ? manifest.zone_colours : null;

	for ( const booth of booths ) {

		const zone = booth.zone || '';
		if ( colours.has( zone ) ) continue;
		if ( given && typeof given[ zone ] === 'string' && /^#[0-9a-f]{6}$/i.test( given[ zone ] ) ) {

			colours.set( zone, given[ zone ] );
			continue;

		}

		const rank = colours.size;
		if ( rank < ZONE_CARPETS.length ) {

			colours.set( zone, ZONE_CARPETS[ rank ] );

		} else {

			const extra = rank - ZONE_CARPETS.length;
			const hue = ( extra * GOLDEN_ANGLE + 15 ) % 360;
			colours.set( zone, `hsl(${hue.toFixed( 2 )}, 50%, ${[ 36, 44, 52 ][ extra % 3 ]}%)` );

		}

	}

	return colours;

}

/**
 * Whether a visitor may stand at plan point (x, y): inside the outline, not
 * in (or against) a booth or a column.
 *
 * @param {Object} hall - manifest hall
 * @param {Array<Object>} booths - its booths
 * @param {number} x - plan x (m)
 * @param {number} y - plan y (m)
 * @return {boolean}
 */
export function isWalkable( hall, booths, x, y ) {

	if ( ! Array.isArray( hall.outline ) || ! pointInPolygon( hall.outline, x, y ) ) return false;
	if ( boothAt( booths, x, y, CLEARANCE ) !== null ) return false;

	for ( const column of hall.columns || [] ) {

		const half = ( column.size || 0 ) / 2 + CLEARANCE;
		if ( Math.abs( x - column.at[ 0 ] ) < half && Math.abs( y - column.at[ 1 ] ) < half ) return false;

	}

	return true;

}

/**
 * Installs the minimap (see the module comment).
 *
 * @param {import('./context.js').ViewerContext} ctx
 */
export function install( ctx ) {

	const box = document.getElementById( 'minimap-box' );
	const canvas = document.getElementById( 'minimap' );
	const title = document.getElementById( 'minimap-title' );
	const collapse = document.getElementById( 'minimap-collapse' );
	const note = document.getElementById( 'minimap-status' );
	const draw = canvas.getContext( '2d' );
	const plan = document.createElement( 'canvas' );

	let view = null;
	let colours = new Map();
	let route = null;
	let dirty = true;
	let noteTimer = 0;
	const last = { x: NaN, y: NaN, yaw: NaN };

	const small = window.matchMedia( '(max-width: 600px) and (orientation: portrait)' );

	// hooks for the tests

	/**
	 * The you-are-here marker on the minimap canvas: [u, v, du, dv], its position (CSS px from the
	 * canvas's top-left corner) and the unit direction its arrow points in (v down), or null.
	 */
	ctx.viewer.minimapMarker = () => ( view === null ? null : marker( pose_() ) );

	/** Page position [x, y] (CSS px) of plan point (x, y) on the minimap, or null. */
	ctx.viewer.minimapPoint = ( x, y ) => {

		if ( view === null ) return null;
		const rect = canvas.getBoundingClientRect();
		const [ u, v ] = view.toCanvas( x, y );
		return [ rect.left + u * rect.width / view.width, rect.top + v * rect.height / view.height ];

	};

	// events

	ctx.addEventListener( 'manifest', ( { manifest } ) => {

		const all = [];
		for ( const hall of manifest.halls ) for ( const booth of hallBooths( manifest, hall ) ) all.push( booth );
		colours = zoneColours( manifest, all );

	} );

	ctx.addEventListener( 'hall', ( { hall } ) => {

		route = null;
		box.hidden = false;
		title.textContent = hall.name || hall.id;
		label();
		layout();

	} );

	ctx.addEventListener( 'hall-unload', () => {

		view = null;
		route = null;

	} );

	ctx.addEventListener( 'route', ( event ) => {

		route = Array.isArray( event.points ) && event.points.length > 1 ? event.points : null;
		dirty = true;

	} );

	ctx.addEventListener( 'language', () => {

		label();
		collapseLabel();

	} );

	ctx.addEventListener( 'frame', () => {

		if ( view === null || canvas.hidden ) return;

		const pose = pose_();
		if ( ! dirty && Math.abs( pose.x - last.x ) < 1e-3 && Math.abs( pose.y - last.y ) < 1e-3 && Math.abs( pose.yaw - last.yaw ) < 1e-3 ) return;

		last.x = pose.x;
		last.y = pose.y;
		last.yaw = pose.yaw;
		dirty = false;
		redraw( pose );

	} );

	window.addEventListener( 'resize', () => {

		if ( ctx.hall !== null && view !== null && ( view.width !== widthNow() || canvas.width !== Math.round( view.width * dpr() ) ) ) layout();

	} );

	canvas.addEventListener( 'click', ( event ) => {

		if ( view === null || ctx.hall === null ) return;

		const rect = canvas.getBoundingClientRect();
		const [ x, y ] = view.toPlan( ( event.clientX - rect.left ) * view.width / rect.width, ( event.clientY - rect.top ) * view.height / rect.height );

		if ( ! isWalkable( ctx.hall, ctx.booths, x, y ) ) {

			say( t( 'minimap.not_walkable' ) );
			return;

		}

		if ( isBirdsEye() ) leaveBirdsEye( { instant: true } );
		ctx.viewer.teleport( x, y ); // keeps the heading
		ctx.requestRender();

	} );

	canvas.addEventListener( 'keydown', ( event ) => {

		if ( event.code !== 'Enter' && event.code !== 'NumpadEnter' && event.code !== 'Space' ) return;
		event.preventDefault();
		event.stopPropagation(); // not the viewer's "open the highlighted booth"
		openFairMap( canvas );

	} );

	collapse.addEventListener( 'click', () => {

		canvas.hidden = ! canvas.hidden;
		box.classList.toggle( 'collapsed', canvas.hidden );
		collapseLabel();
		dirty = true;

	} );

	collapseLabel();

	// drawing

	function pose_() {

		const walker = walkerPose();
		if ( walker !== null ) return walker;
		const camera = ctx.camera;
		// plan (x, y) is world (x, −z); rotation order is YXZ, so rotation.y is the yaw
		return { x: camera.position.x, y: - camera.position.z, yaw: camera.rotation.y };

	}

	function dpr() {

		return Math.min( window.devicePixelRatio || 1, 2 );

	}

	function widthNow() {

		return small.matches ? WIDTH_SMALL : WIDTH;

	}

	function layout() {

		const hall = ctx.hall;
		if ( hall === null || ! Array.isArray( hall.outline ) || hall.outline.length < 3 ) {

			view = null;
			return;

		}

		view = new PlanView( hall.outline, widthNow() );
		const ratio = dpr();
		canvas.style.width = `${view.width}px`;
		canvas.style.height = `${view.height}px`;
		canvas.width = plan.width = Math.round( view.width * ratio );
		canvas.height = plan.height = Math.round( view.height * ratio );
		drawPlan( plan.getContext( '2d' ), ratio, hall, ctx.booths );
		dirty = true;

	}

	function drawPlan( g, ratio, hall, booths ) {

		g.setTransform( ratio, 0, 0, ratio, 0, 0 );
		g.clearRect( 0, 0, view.width, view.height );

		const polygon = ( points ) => {

			g.beginPath();
			points.forEach( ( [ x, y ], i ) => {

				const [ u, v ] = view.toCanvas( x, y );
				if ( i === 0 ) g.moveTo( u, v );
				else g.lineTo( u, v );

			} );
			g.closePath();

		};

		// floor
		polygon( hall.outline );
		g.fillStyle = COLOURS.floor;
		g.fill();

		// aisles
		for ( const aisle of hall.aisles || [] ) {

			if ( ! Array.isArray( aisle.polygon ) || aisle.polygon.length < 3 ) continue;
			polygon( aisle.polygon );
			g.fillStyle = aisle.kind === 'main' ? COLOURS.mainAisle : COLOURS.aisle;
			g.fill();

		}

		// booths
		const s = view.scale;
		for ( const booth of booths ) {

			const [ x0, y0, x1, y1 ] = booth.rect;
			const [ u, v ] = view.toCanvas( x0, y1 );
			g.fillStyle = colours.get( booth.zone || '' ) || ZONE_CARPETS[ 0 ];
			g.fillRect( u, v, ( x1 - x0 ) * s, ( y1 - y0 ) * s );

		}

		// booth edges, when booths are big enough on screen for them to help
		if ( s >= 0.9 ) {

			g.strokeStyle = 'rgba(0, 0, 0, 0.45)';
			g.lineWidth = 0.5;
			for ( const booth of booths ) {

				const [ x0, y0, x1, y1 ] = booth.rect;
				const [ u, v ] = view.toCanvas( x0, y1 );
				g.strokeRect( u, v, ( x1 - x0 ) * s, ( y1 - y0 ) * s );

			}

		}

		// columns, at least 1.5 px so they show
		g.fillStyle = COLOURS.column;
		for ( const column of hall.columns || [] ) {

			const size = Math.max( ( column.size || 0 ) * s, 1.5 );
			const [ u, v ] = view.toCanvas( column.at[ 0 ], column.at[ 1 ] );
			g.fillRect( u - size / 2, v - size / 2, size, size );

		}

		// walls
		polygon( hall.outline );
		g.strokeStyle = COLOURS.wall;
		g.lineWidth = 1.5;
		g.stroke();

		// doors: a thick mark along the wall, green in, red out
		doors( g, hall.entrances, COLOURS.entrance, hall.outline );
		doors( g, hall.exits, COLOURS.exit, hall.outline );

	}

	function doors( g, list, colour, outline ) {

		g.strokeStyle = colour;
		g.lineWidth = 3.5;
		g.lineCap = 'butt';

		for ( const door of list || [] ) {

			if ( ! door || ! Array.isArray( door.at ) ) continue;
			const [ dx, dy ] = wallDirection( outline, door.at[ 0 ], door.at[ 1 ] );
			const half = Math.max( ( door.width || 2 ) / 2, 1.5 / view.scale );
			const [ u0, v0 ] = view.toCanvas( door.at[ 0 ] - dx * half, door.at[ 1 ] - dy * half );
			const [ u1, v1 ] = view.toCanvas( door.at[ 0 ] + dx * half, door.at[ 1 ] + dy * half );
			g.beginPath();
			g.moveTo( u0, v0 );
			g.lineTo( u1, v1 );
			g.stroke();

		}

	}

	function marker( pose ) {

		const [ u, v ] = view.toCanvas( pose.x, pose.y );
		// plan heading is (−sin yaw, cos yaw); the canvas v axis points south
		return [ u, v, - Math.sin( pose.yaw ), - Math.cos( pose.yaw ) ];

	}

	function redraw( pose ) {

		const ratio = canvas.width / view.width;
		draw.setTransform( 1, 0, 0, 1, 0, 0 );
		draw.clearRect( 0, 0, canvas.width, canvas.height );
		draw.drawImage( plan, 0, 0 );
		draw.setTransform( ratio, 0, 0, ratio, 0, 0 );

		if ( route !== null ) {

			draw.strokeStyle = COLOURS.route;
			draw.lineWidth = 2.5;
			draw.lineJoin = 'round';
			draw.lineCap = 'round';
			draw.setLineDash( [ 5, 3 ] );
			draw.beginPath();
			route.forEach( ( [ x, y ], i ) => {

				const [ u, v ] = view.toCanvas( x, y );
				if ( i === 0 ) draw.moveTo( u, v );
				else draw.lineTo( u, v );

			} );
			draw.stroke();
			draw.setLineDash( [] );

			// the goal
			const [ gu, gv ] = view.toCanvas( ...route[ route.length - 1 ] );
			draw.fillStyle = COLOURS.route;
			draw.strokeStyle = COLOURS.markerEdge;
			draw.lineWidth = 1;
			draw.beginPath();
			draw.arc( gu, gv, 3.5, 0, Math.PI * 2 );
			draw.fill();
			draw.stroke();

		}

		// you are here: an arrow along the heading in a view cone
		const [ u, v, hu, hv ] = marker( pose );
		const cone = 18, spread = 0.5;
		const cos = Math.cos( spread ), sin = Math.sin( spread );

		draw.fillStyle = 'rgba(255, 176, 32, 0.35)';
		draw.beginPath();
		draw.moveTo( u, v );
		draw.lineTo( u + ( hu * cos - hv * sin ) * cone, v + ( hu * sin + hv * cos ) * cone );
		draw.lineTo( u + ( hu * cos + hv * sin ) * cone, v + ( - hu * sin + hv * cos ) * cone );
		draw.closePath();
		draw.fill();

		draw.fillStyle = COLOURS.marker;
		draw.strokeStyle = COLOURS.markerEdge;
		draw.lineWidth = 1;
		draw.beginPath();
		draw.moveTo( u + hu * 9, v + hv * 9 );
		draw.lineTo( u - hv * 5.5 - hu * 4, v + hu * 5.5 - hv * 4 );
		draw.lineTo( u + hv * 5.5 - hu * 4, v - hu * 5.5 - hv * 4 );
		draw.closePath();
		draw.fill();
		draw.stroke();

	}

	// text

	function label() {

		const hall = ctx.hall;
		canvas.setAttribute( 'aria-label', t( 'minimap.label', { hall: hall ? hall.name || hall.id : '' } ) );
		canvas.lang = language() === 'zh' ? 'zh-CN' : 'en';

	}

	function collapseLabel() {

		const text = t( canvas.hidden ? 'minimap.expand' : 'minimap.collapse' );
		collapse.setAttribute( 'aria-label', text );
		collapse.title = text;
		collapse.setAttribute( 'aria-expanded', String( ! canvas.hidden ) );
		collapse.textContent = canvas.hidden ? '+' : '−';

	}

	function say( text ) {

		note.textContent = text;
		window.clearTimeout( noteTimer );
		noteTimer = window.setTimeout( () => {

			note.textContent = '';

		}, NOTE_MS );

	}

}

/**
 * Unit plan direction of the outline edge nearest to (x, y): doors lie along it.
 */
function wallDirection( outline, x, y ) {

	let best = [ 1, 0 ];
	let bestDistance = Infinity;

	for ( let i = 0, j = outline.length - 1; i < outline.length; j = i ++ ) {

		const [ ax, ay ] = outline[ j ];
		const [ bx, by ] = outline[ i ];
		const ex = bx - ax, ey = by - ay;
		const length2 = ex * ex + ey * ey;
		if ( length2 === 0 ) continue;
		const f = Math.max( 0, Math.min( 1, ( ( x - ax ) * ex + ( y - ay ) * ey ) / length2 ) );
		const d = Math.hypot( ax + ex * f - x, ay + ey * f - y );

		if ( d < bestDistance ) {

			bestDistance = d;
			const length = Math.sqrt( length2 );
			best = [ ex / length, ey / length ];

		}

	}

	return best;

}
