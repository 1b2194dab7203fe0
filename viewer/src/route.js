// "Take me there": a route along the aisles from where the walker stands to
// a booth's open front (pathfind.js), drawn on the floor, announced to the
// other modules ('route' event: the minimap draws it), summed up in a banner
// (distance, walking time) and walked automatically on request.
//
// Asked for with the booth panel's button, or by any module with
// ctx.emit('route-to', { booth }) (a booth of another hall switches hall first).

import {
	BufferAttribute,
	BufferGeometry,
	DoubleSide,
	Group,
	Mesh,
	MeshBasicMaterial,
	RingGeometry,
} from 'three';

import { t } from './i18n.js';
import { buildGrid, routeToBooth } from './pathfind.js';

/** Settings (the test hook exposes them as `routeSettings`). */
const SETTINGS = {
	/** Walking speed used for the time shown (m/s). */
	displaySpeed: 1.2,
	/** Speed of "Walk there" (m/s). */
	walkSpeed: 1.2,
	/** How fast "Walk there" turns the view (radians per second). */
	turnSpeed: 2.5,
	/** After the visitor turns the view while walking, the walk leaves the view to them this long (s). */
	freeLook: 2,
	/** The view looks this far ahead along the route while walking (m). */
	lookAhead: 1.5,
	/** Within this distance of the route's end the visitor has arrived (m). */
	arriveDistance: 2,
	/** The route is cleared this long after arriving (ms). */
	clearAfter: 2500,
	/** Width of the strip on the floor (m). */
	width: 0.3,
	/** Height of the strip above the floor (m). */
	height: 0.04,
	/** Distance between the arrows on the strip (m). */
	arrowSpacing: 2.5,
};

const STRIP_COLOUR = 0xffb020;
const ARROW_COLOUR = 0xffffff;
const JOINT_SEGMENTS = 8;
/**
 * Longest piece of the strip drawn as one quad (m): a leg is cut into pieces no longer, since one
 * quad tens of metres long starting under the visitor's feet was not drawn where they look (software
 * WebGL: an 81 m first leg from the entrance showed no strip 2-5 m ahead, a 50 m one did).
 */
const STRIP_PIECE = 5;
/** Where the banner and the booth panel cannot both be shown (as in style.css). */
const NARROW_SCREEN = '(max-width: 640px)';
const MOVEMENT_KEYS = new Set( [ 'KeyW', 'KeyA', 'KeyS', 'KeyD', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight' ] );

/**
 * Adds "Take me there" to the booth panel, the route banner and the route on the floor.
 *
 * @param {import('./context.js').ViewerContext} ctx
 */
export function install( ctx ) {

	const router = new Router( ctx, document );
	ctx.router = router;

}

class Router {

	/**
	 * @param {import('./context.js').ViewerContext} ctx
	 * @param {Document} doc
	 */
	constructor( ctx, doc ) {

		this.ctx = ctx;
		this.doc = doc;

		/** The route on show: { booth, hall, points, distance, seconds, side, front, facing }, or null. */
		this.route = null;
		/** "Walk there" in progress: { s (m along the route), yaw, turning (at the end, towards the booth), freeLook (s) }, or null. */
		this.walk = null;
		this.arrived = false;
		this.stepFree = false;
		/** booth to route to once its hall is loaded */
		this.pending = null;
		/** booth the panel shows */
		this.panelBooth = null;

		this._grids = new WeakMap(); // hall → Map(options key → grid)
		this._clearTimer = null;
		this._status = null; // message key of the banner's status line

		this._buildPanelPart( doc );
		this._buildBanner( doc );

		this.floor = new Group();
		this.floor.name = 'route';
		this.floor.visible = false;
		ctx.scene.add( this.floor );

		ctx.addEventListener( 'booth-open', ( { booth } ) => {

			this.panelBooth = booth;
			this._attachPanelPart();

		} );
		ctx.addEventListener( 'booth-close', () => {

			this.panelBooth = null;

		} );
		ctx.addEventListener( 'route-to', ( { booth } ) => this.to( booth ) );
		ctx.addEventListener( 'hall-unload', () => this.clear() );
		ctx.addEventListener( 'hall', ( { hall } ) => {

			const pending = this.pending;
			this.pending = null;
			if ( pending && ( pending.hall || hall.id ) === hall.id ) this.to( pending );

		} );
		ctx.addEventListener( 'frame', ( { delta } ) => this._onFrame( delta ) );
		// a tap on a movement key stops "Walk there" even when it is released before the next frame
		doc.addEventListener( 'keydown', ( event ) => {

			if ( this.walk === null || ! MOVEMENT_KEYS.has( event.code ) ) return;
			if ( event.target instanceof Element && event.target.closest( 'input, select, textarea' ) ) return;
			this.stopWalking();

		} );
		ctx.addEventListener( 'language', () => this._renderBanner() );

		const viewer = ctx.viewer;
		viewer.route = () => ( this.route === null ? null : {
			booth: this.route.booth.number,
			hall: this.route.hall,
			points: this.route.points.map( ( p ) => p.slice() ),
			distance: this.route.distance,
			seconds: this.route.seconds,
			side: this.route.side,
			front: this.route.front.slice(),
			facing: this.route.facing.slice(),
			walking: this.walk !== null,
			arrived: this.arrived,
			stepFree: this.stepFree,
		} );
		viewer.routeSettings = SETTINGS;

	}

	/**
	 * Routes from where the walker stands to a booth (of this hall, or of another: the hall is switched first).
	 *
	 * @param {Object} booth - manifest booth
	 */
	to( booth ) {

		const ctx = this.ctx;
		if ( ! booth ) return;

		if ( ctx.hall && booth.hall && booth.hall !== ctx.hall.id ) {

			this.pending = booth;
			ctx.switchHall( booth.hall );
			return;

		}

		if ( ! ctx.hall ) {

			this.pending = booth;
			return;

		}

		this.clear();

		const from = this._position();
		const found = routeToBooth( this._grid( ctx.hall ), from, booth );

		this.banner.hidden = false;
		this.number.textContent = booth.number;
		this.exhibitor.textContent = booth.exhibitor || '';

		if ( found === null ) {

			this._status = 'route.none';
			this._renderBanner();
			return;

		}

		this.route = {
			booth,
			hall: ctx.hall.id,
			points: found.points,
			distance: found.distance,
			seconds: found.distance / SETTINGS.displaySpeed,
			side: found.side,
			front: found.front,
			facing: found.facing,
		};
		this._status = null;
		this._draw( found.points );
		this._renderBanner();
		ctx.emit( 'route', { points: found.points, booth, distance: found.distance, seconds: this.route.seconds } );
		ctx.requestRender();

	}

	/** Walks the walker along the route at {@link SETTINGS}.walkSpeed, ending facing the booth. */
	startWalking() {

		if ( this.route === null ) return;
		const from = this._position();
		const points = this.route.points;
		// start from where the walker stands now (they may have moved since the route was drawn)
		if ( Math.hypot( from[ 0 ] - points[ 0 ][ 0 ], from[ 1 ] - points[ 0 ][ 1 ] ) > 0.5 ) {

			this.to( this.route.booth );
			if ( this.route === null ) return;

		}

		this.walk = { s: 0, yaw: this.ctx.controls.yaw, turning: false, freeLook: 0 };
		this._status = 'route.walking';
		this._renderBanner();

	}

	stopWalking() {

		if ( this.walk === null ) return;
		this.walk = null;
		if ( this._status === 'route.walking' ) this._status = null;
		this._renderBanner();

	}

	/** Removes the route (no-op without one). */
	clear() {

		clearTimeout( this._clearTimer );
		this._clearTimer = null;
		this.walk = null;
		this.arrived = false;
		this._status = null;
		this.banner.hidden = true;

		const had = this.route !== null || this.floor.children.length > 0;
		this.route = null;
		this._disposeFloor();
		if ( had ) {

			this.ctx.emit( 'route', { points: null } );
			this.ctx.requestRender();

		}

	}

	// the walker's plan position (not the camera's: in bird's-eye view the camera is up in the air)
	_position() {

		const p = this.ctx.controls.collider.end;
		return [ p.x, - p.z ];

	}

	_grid( hall ) {

		let byOptions = this._grids.get( hall );
		if ( byOptions === undefined ) {

			byOptions = new Map();
			this._grids.set( hall, byOptions );

		}

		const key = this.stepFree ? 'step-free' : 'any';
		let grid = byOptions.get( key );
		if ( grid === undefined ) {

			grid = buildGrid( hall, this.ctx.booths, { stepFree: this.stepFree } );
			byOptions.set( key, grid );

		}

		return grid;

	}

	_onFrame( delta ) {

		const route = this.route;
		if ( route === null || this.arrived ) return;
		const controls = this.ctx.controls;

		if ( this.walk !== null ) {

			// a movement key, the joystick or a click-to-move walk takes over
			if ( controls.moving || controls.target ) {

				this.stopWalking();
				return;

			}

			this._walkStep( Math.min( Math.max( delta, 0 ), 0.5 ) );
			return;

		}

		const [ x, y ] = this._position();
		const end = route.points[ route.points.length - 1 ];
		if ( Math.hypot( x - end[ 0 ], y - end[ 1 ] ) < SETTINGS.arriveDistance ) this._arrive();

	}

	_walkStep( dt ) {

		const walk = this.walk;
		const route = this.route;
		const controls = this.ctx.controls;
		let wanted;

		if ( ! walk.turning ) {

			walk.s = Math.min( route.distance, walk.s + SETTINGS.walkSpeed * dt );
			if ( walk.s >= route.distance ) walk.turning = true;

		}

		const [ x, y ] = pointAlong( route.points, walk.s );

		if ( walk.turning ) {

			wanted = yawOf( route.facing[ 0 ], route.facing[ 1 ] );

		} else {

			const [ ax, ay ] = pointAlong( route.points, Math.min( route.distance, walk.s + SETTINGS.lookAhead ) );
			wanted = Math.hypot( ax - x, ay - y ) > 1e-3 ? yawOf( ax - x, ay - y ) : walk.yaw;

		}

		// the visitor turned the view (drag, mouse look): let them look around for a while
		if ( Math.abs( angleBetween( controls.yaw, walk.yaw ) ) > 1e-4 ) {

			walk.freeLook = SETTINGS.freeLook;
			walk.yaw = controls.yaw;

		}

		walk.freeLook = Math.max( 0, walk.freeLook - dt );

		if ( walk.freeLook > 0 && ! walk.turning ) {

			controls.teleport( x, y ); // keeps their heading and tilt

		} else {

			walk.yaw = turnTowards( walk.yaw, wanted, SETTINGS.turnSpeed * dt );
			controls.teleport( x, y, [ - Math.sin( walk.yaw ), Math.cos( walk.yaw ) ] );

		}

		walk.yaw = controls.yaw;
		this.ctx.requestRender();

		if ( walk.turning && Math.abs( angleBetween( walk.yaw, wanted ) ) < 1e-3 ) {

			this.walk = null;
			this._arrive();

		}

	}

	_arrive() {

		this.arrived = true;
		this.walk = null;
		this._status = 'route.arrived';
		this._renderBanner();
		this._clearTimer = setTimeout( () => this.clear(), SETTINGS.clearAfter );

	}

	// UI

	_buildPanelPart( doc ) {

		this.panelPart = doc.createElement( 'div' );
		this.panelPart.id = 'booth-panel-route';
		this.panelPart.className = 'route-actions';
		this.takeMeThere = button( doc, 'take-me-there', 'route.take_me_there', 'route-take' );
		this.takeMeThere.addEventListener( 'click', () => {

			const booth = this.panelBooth;
			if ( ! booth ) return;
			// on a phone the panel would hide the route: the banner names the booth instead
			if ( window.matchMedia( NARROW_SCREEN ).matches ) this.ctx.closeBooth();
			this.to( booth );

		} );
		this.panelPart.append( this.takeMeThere );
		this._attachPanelPart();

	}

	// a direct child of the panel, last; the panel's own content may be re-rendered around it
	_attachPanelPart() {

		const panel = this.doc.getElementById( 'booth-panel' );
		if ( panel && this.panelPart.parentNode !== panel ) panel.appendChild( this.panelPart );

	}

	_buildBanner( doc ) {

		const el = ( tag, className ) => {

			const node = doc.createElement( tag );
			if ( className ) node.className = className;
			return node;

		};

		this.banner = el( 'section' );
		this.banner.id = 'route-banner';
		this.banner.hidden = true;
		this.banner.dataset.testid = 'route-banner';
		this.banner.setAttribute( 'aria-label', t( 'route.banner' ) );
		this.banner.dataset.i18nAttr = 'aria-label:route.banner';

		const target = el( 'p', 'route-target' );
		this.number = el( 'strong', 'route-number' );
		this.exhibitor = el( 'span', 'route-exhibitor' );
		target.append( this.number, doc.createTextNode( ' ' ), this.exhibitor );

		this.summary = el( 'p', 'route-summary' );
		this.summary.dataset.testid = 'route-summary';
		this.status = el( 'p', 'route-status' );
		this.status.setAttribute( 'role', 'status' );
		this.status.setAttribute( 'aria-live', 'polite' );

		const stepFree = el( 'label', 'route-step-free' );
		this.stepFreeBox = el( 'input' );
		this.stepFreeBox.type = 'checkbox';
		this.stepFreeBox.dataset.testid = 'route-step-free';
		const stepFreeText = el( 'span' );
		stepFreeText.dataset.i18n = 'route.step_free';
		stepFreeText.textContent = t( 'route.step_free' );
		stepFree.append( this.stepFreeBox, stepFreeText );
		this.stepFreeBox.addEventListener( 'change', () => {

			this.stepFree = this.stepFreeBox.checked;
			const route = this.route;
			if ( route !== null ) this.to( route.booth );

		} );

		const buttons = el( 'div', 'route-buttons' );
		this.walkButton = button( doc, 'route-walk', 'route.walk', 'route-primary' );
		this.stopButton = button( doc, 'route-stop', 'route.stop' );
		this.clearButton = button( doc, 'route-clear', 'route.clear' );
		this.walkButton.addEventListener( 'click', () => this.startWalking() );
		this.stopButton.addEventListener( 'click', () => this.stopWalking() );
		this.clearButton.addEventListener( 'click', () => this.clear() );
		buttons.append( this.walkButton, this.stopButton, this.clearButton );

		this.banner.append( target, this.summary, this.status, stepFree, buttons );
		doc.body.appendChild( this.banner );

	}

	_renderBanner() {

		const route = this.route;
		this.summary.hidden = route === null;
		if ( route !== null ) {

			this.summary.textContent = t( 'route.summary', {
				distance: Math.round( route.distance ),
				time: durationText( route.seconds ),
			} );

		}

		this.status.hidden = this._status === null;
		this.status.textContent = this._status === null ? '' : t( this._status );
		this.walkButton.hidden = route === null || this.walk !== null || this.arrived;
		this.stopButton.hidden = this.walk === null;

	}

	// the route on the floor: an orange strip with white arrows, and a ring at the end

	_draw( points ) {

		this._disposeFloor();

		const strip = new Mesh( stripGeometry( points, SETTINGS.width, SETTINGS.height ), new MeshBasicMaterial( {
			color: STRIP_COLOUR, transparent: true, opacity: 0.85, depthWrite: false, side: DoubleSide,
			polygonOffset: true, polygonOffsetFactor: - 2, polygonOffsetUnits: - 2,
		} ) );
		strip.renderOrder = 8;

		const arrows = new Mesh( arrowGeometry( points, SETTINGS.width, SETTINGS.height + 0.005, SETTINGS.arrowSpacing ), new MeshBasicMaterial( {
			color: ARROW_COLOUR, transparent: true, opacity: 0.95, depthWrite: false, side: DoubleSide,
			polygonOffset: true, polygonOffsetFactor: - 3, polygonOffsetUnits: - 3,
		} ) );
		arrows.renderOrder = 9;

		const [ ex, ey ] = points[ points.length - 1 ];
		const ring = new Mesh( new RingGeometry( 0.45, 0.6, 32 ).rotateX( - Math.PI / 2 ), new MeshBasicMaterial( {
			color: STRIP_COLOUR, transparent: true, opacity: 0.95, depthWrite: false, side: DoubleSide,
			polygonOffset: true, polygonOffsetFactor: - 2, polygonOffsetUnits: - 2,
		} ) );
		ring.position.set( ex, SETTINGS.height, - ey );
		ring.renderOrder = 8;

		this.floor.add( strip, arrows, ring );
		this.floor.visible = true;
		this.floor.updateMatrixWorld( true );

	}

	_disposeFloor() {

		for ( const mesh of this.floor.children ) {

			mesh.geometry.dispose();
			mesh.material.dispose();

		}

		this.floor.clear();
		this.floor.visible = false;

	}

}

// helpers

function button( doc, testid, key, className ) {

	const node = doc.createElement( 'button' );
	node.type = 'button';
	node.dataset.testid = testid;
	node.dataset.i18n = key;
	node.textContent = t( key );
	if ( className ) node.className = className;
	return node;

}

/**
 * "1 min 11 s" / "45 s" (rounded to whole seconds).
 *
 * @param {number} seconds
 * @return {string}
 */
function durationText( seconds ) {

	const whole = Math.max( 1, Math.round( seconds ) );
	if ( whole < 60 ) return t( 'route.time_seconds', { seconds: whole } );
	return t( 'route.time_minutes', { minutes: Math.floor( whole / 60 ), seconds: whole % 60 } );

}

// the walker's yaw looking along plan direction (dx, dy) (see WalkControls#teleport)
function yawOf( dx, dy ) {

	return Math.atan2( - dx, dy );

}

function angleBetween( from, to ) {

	return Math.atan2( Math.sin( to - from ), Math.cos( to - from ) );

}

function turnTowards( from, to, step ) {

	const difference = angleBetween( from, to );
	if ( Math.abs( difference ) <= step ) return to;
	return from + Math.sign( difference ) * step;

}

// the plan point `s` metres along a polyline
function pointAlong( points, s ) {

	let left = s;
	for ( let k = 1; k < points.length; k ++ ) {

		const [ ax, ay ] = points[ k - 1 ], [ bx, by ] = points[ k ];
		const length = Math.hypot( bx - ax, by - ay );
		if ( left <= length && length > 0 ) return [ ax + ( bx - ax ) * left / length, ay + ( by - ay ) * left / length ];
		left -= length;

	}

	return points[ points.length - 1 ].slice();

}

// a flat strip along the polyline at height h: quads along each leg (`STRIP_PIECE`), a disc at each
// joint (world coordinates)
function stripGeometry( points, width, h ) {

	const half = width / 2;
	const positions = [];
	const vertex = ( x, y ) => positions.push( x, h, - y );

	for ( let k = 1; k < points.length; k ++ ) {

		const [ ax, ay ] = points[ k - 1 ], [ bx, by ] = points[ k ];
		const length = Math.hypot( bx - ax, by - ay );
		if ( length < 1e-6 ) continue;
		const nx = - ( by - ay ) / length * half, ny = ( bx - ax ) / length * half;
		const pieces = Math.ceil( length / STRIP_PIECE );
		for ( let p = 0; p < pieces; p ++ ) {

			const [ t0, t1 ] = [ p / pieces, ( p + 1 ) / pieces ];
			const [ px, py ] = [ ax + ( bx - ax ) * t0, ay + ( by - ay ) * t0 ];
			const [ qx, qy ] = [ ax + ( bx - ax ) * t1, ay + ( by - ay ) * t1 ];
			vertex( px + nx, py + ny ); vertex( px - nx, py - ny ); vertex( qx - nx, qy - ny );
			vertex( px + nx, py + ny ); vertex( qx - nx, qy - ny ); vertex( qx + nx, qy + ny );

		}

	}

	for ( let k = 1; k < points.length - 1; k ++ ) {

		const [ cx, cy ] = points[ k ];
		for ( let s = 0; s < JOINT_SEGMENTS; s ++ ) {

			const a0 = s / JOINT_SEGMENTS * Math.PI * 2, a1 = ( s + 1 ) / JOINT_SEGMENTS * Math.PI * 2;
			vertex( cx, cy );
			vertex( cx + Math.cos( a0 ) * half, cy + Math.sin( a0 ) * half );
			vertex( cx + Math.cos( a1 ) * half, cy + Math.sin( a1 ) * half );

		}

	}

	const geometry = new BufferGeometry();
	geometry.setAttribute( 'position', new BufferAttribute( new Float32Array( positions ), 3 ) );
	return geometry;

}

// chevrons pointing along the route every `spacing` metres
function arrowGeometry( points, width, h, spacing ) {

	const positions = [];
	const vertex = ( x, y ) => positions.push( x, h, - y );
	const half = width * 0.4;
	let next = spacing / 2;
	let walked = 0;

	for ( let k = 1; k < points.length; k ++ ) {

		const [ ax, ay ] = points[ k - 1 ], [ bx, by ] = points[ k ];
		const length = Math.hypot( bx - ax, by - ay );
		if ( length < 1e-6 ) continue;
		const dx = ( bx - ax ) / length, dy = ( by - ay ) / length;

		while ( next <= walked + length - 0.3 ) {

			const along = next - walked;
			const cx = ax + dx * along, cy = ay + dy * along;
			// a chevron: two thin quads meeting at the tip
			for ( const side of [ 1, - 1 ] ) {

				const tipX = cx + dx * 0.15, tipY = cy + dy * 0.15;
				const tailX = cx - dx * 0.1 - dy * half * side, tailY = cy - dy * 0.1 + dx * half * side;
				const t = 0.06; // thickness, along the route
				vertex( tipX, tipY ); vertex( tailX, tailY ); vertex( tailX - dx * t, tailY - dy * t );
				vertex( tipX, tipY ); vertex( tailX - dx * t, tailY - dy * t ); vertex( tipX - dx * t, tipY - dy * t );

			}

			next += spacing;

		}

		walked += length;

	}

	const geometry = new BufferGeometry();
	geometry.setAttribute( 'position', new BufferAttribute( new Float32Array( positions ), 3 ) );
	return geometry;

}
