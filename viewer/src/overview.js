// Bird's-eye mode: the camera flies up to an oblique view over the whole hall,
// where MapControls pan (drag), zoom (wheel, pinch) and rotate (right drag,
// two fingers), and a click on a booth opens its panel; the same button (or B)
// flies back down to walk on where the visitor was. Meanwhile the walker is
// disabled and a layer over the canvas takes the pointer, so the canvas's own
// handlers (pointer lock, click to walk, drag to look) stay quiet. The flights
// take FLIGHT_SECONDS, or no time at all with `prefers-reduced-motion`.

import { MathUtils, Plane, Quaternion, Raycaster, Vector2, Vector3 } from 'three';
import { MapControls } from 'three/addons/controls/MapControls.js';

import { t } from './i18n.js';
import { boothAt, worldToPlan } from './plan.js';

/** How long a flight up or down takes (s). */
const FLIGHT_SECONDS = 0.7;
/** Angle of the overview above the horizon (radians): looking north and down. */
const ELEVATION = MathUtils.degToRad( 60 );
/** The hall fills this fraction of the view, at most. */
const FILL = 0.7;
/** A click that moved more than this between press and release was a drag (CSS px). */
const CLICK_SLOP = 6;

const _ndc = new Vector2();
const _raycaster = new Raycaster();
const _floor = new Plane( new Vector3( 0, 1, 0 ), 0 );
const _hit = new Vector3();
const _forward = new Vector3();

// the module's one state, for the minimap (see isBirdsEye, walkerPose, leaveBirdsEye)
let active = null;

/**
 * Whether the bird's-eye view is on (or flying).
 *
 * @return {boolean}
 */
export function isBirdsEye() {

	return active !== null && active.isOn();

}

/**
 * Where the walker stands while the camera is up: plan {x, y, yaw}, or null when walking.
 *
 * @return {{x: number, y: number, yaw: number}|null}
 */
export function walkerPose() {

	return active !== null ? active.walkerPose() : null;

}

/**
 * Back to walking.
 *
 * @param {Object} [options]
 * @param {boolean} [options.instant=false] - no flight down
 */
export function leaveBirdsEye( { instant = false } = {} ) {

	if ( active !== null ) active.leave( instant );

}

/**
 * Installs bird's-eye mode: the button, the B key, the flight and the map controls.
 *
 * @param {import('./context.js').ViewerContext} ctx
 */
export function install( ctx ) {

	const { camera, canvas, controls } = ctx;
	const button = document.getElementById( 'birds-eye' );
	const hint = document.getElementById( 'birds-eye-help' );
	const layer = document.getElementById( 'birds-eye-layer' );
	const reducedMotion = window.matchMedia( '(prefers-reduced-motion: reduce)' );

	const map = new MapControls( camera, null );
	map.enableDamping = false;
	map.maxPolarAngle = MathUtils.degToRad( 80 ); // never down to the floor
	map.zoomToCursor = true;
	map.addEventListener( 'change', () => ctx.requestRender() );

	// 'walk' → 'up' (flying) → 'overview' → 'down' (flying) → 'walk'
	let mode = 'walk';
	const saved = { position: new Vector3(), quaternion: new Quaternion(), x: 0, y: 0, yaw: 0, far: 0, fog: null };
	const flight = { from: new Vector3(), to: new Vector3(), qFrom: new Quaternion(), qTo: new Quaternion(), time: 0, duration: 0 };
	const press = { x: 0, y: 0, down: false };

	active = {
		isOn: () => mode !== 'walk',
		walkerPose: () => ( mode === 'walk' ? null : { x: saved.x, y: saved.y, yaw: saved.yaw } ),
		leave: ( instant ) => leave( instant ),
	};

	/** 'walk', 'up', 'overview' or 'down' */
	ctx.viewer.birdsEye = () => mode;

	button.addEventListener( 'click', toggle );

	document.addEventListener( 'keydown', ( event ) => {

		if ( event.ctrlKey || event.metaKey || event.altKey || event.repeat ) return;
		if ( event.target instanceof Element && event.target.closest( 'input, select, textarea, [contenteditable=""], [contenteditable="true"]' ) ) return;
		if ( ctx.hall === null ) return;

		if ( event.code === 'KeyB' ) {

			toggle();
			event.preventDefault();

		} else if ( event.code === 'Escape' && mode === 'overview' && document.getElementById( 'booth-panel' ).hidden ) {

			leave( false );

		}

	} );

	// in the overview a layer over the canvas takes the pointer: the map controls
	// pan and zoom on it, and a click picks a booth; nothing reaches the canvas,
	// so no pointer lock, walking or looking around meanwhile
	layer.addEventListener( 'pointerdown', ( event ) => {

		press.x = event.clientX;
		press.y = event.clientY;
		press.down = true;

	} );

	layer.addEventListener( 'click', ( event ) => {

		if ( mode !== 'overview' || ! press.down ) return;
		press.down = false;
		if ( Math.hypot( event.clientX - press.x, event.clientY - press.y ) > CLICK_SLOP ) return; // a pan

		const booth = boothUnder( event.clientX, event.clientY );
		if ( booth ) ctx.openBooth( booth );

	} );

	ctx.addEventListener( 'hall-unload', () => {

		if ( mode !== 'walk' ) leave( true, false );

	} );

	ctx.addEventListener( 'hall', () => {

		button.disabled = false;
		labels();

	} );

	ctx.addEventListener( 'language', labels );

	// "take me there" from up here (the route starts where the walker stands): go back down to the
	// walker, so the visitor sees the route from where they are and can walk it
	ctx.addEventListener( 'route', ( event ) => {

		if ( mode === 'walk' || ! Array.isArray( event.points ) ) return;
		leave( true );

	} );

	ctx.addEventListener( 'frame', ( { delta } ) => {

		if ( mode !== 'up' && mode !== 'down' ) return;

		flight.time += Math.min( delta, 0.1 );
		const f = flight.duration > 0 ? Math.min( flight.time / flight.duration, 1 ) : 1;
		const e = f * f * ( 3 - 2 * f ); // smoothstep
		camera.position.lerpVectors( flight.from, flight.to, e );
		camera.quaternion.slerpQuaternions( flight.qFrom, flight.qTo, e );
		ctx.requestRender();

		if ( f >= 1 ) landed();

	} );

	labels();

	function toggle() {

		if ( ctx.hall === null ) return;
		if ( mode === 'walk' ) enter();
		else if ( mode === 'overview' || mode === 'up' ) leave( false );

	}

	function enter() {

		const hall = ctx.hall;

		saved.position.copy( camera.position );
		saved.quaternion.copy( camera.quaternion );
		[ saved.x, saved.y ] = worldToPlan( camera.position );
		saved.yaw = camera.rotation.y;

		controls.unlock();
		controls.enabled = false;

		// over the middle of the hall, far enough back for all of it to show
		const xs = hall.outline.map( ( p ) => p[ 0 ] ), ys = hall.outline.map( ( p ) => p[ 1 ] );
		const cx = ( Math.min( ...xs ) + Math.max( ...xs ) ) / 2, cy = ( Math.min( ...ys ) + Math.max( ...ys ) ) / 2;
		const width = Math.max( ...xs ) - Math.min( ...xs ), depth = Math.max( ...ys ) - Math.min( ...ys );
		const tanHalf = Math.tan( MathUtils.degToRad( camera.fov ) / 2 );
		// seen at ELEVATION, the hall's depth shrinks to about depth · sin(ELEVATION) on screen
		const distance = Math.max(
			( depth * Math.sin( ELEVATION ) / 2 ) / ( tanHalf * FILL ),
			( width / 2 ) / ( tanHalf * camera.aspect * FILL ),
			10
		);

		// the low-end mode's short sight (far plane, fog) would hide the hall from up there
		saved.far = camera.far;
		saved.fog = ctx.scene.fog;
		camera.far = Math.max( camera.far, distance * 2.5 + Math.hypot( width, depth ) );
		camera.updateProjectionMatrix();
		ctx.scene.fog = null;

		map.target.set( cx, 0, - cy );
		flight.to.set( cx, distance * Math.sin( ELEVATION ), - cy + distance * Math.cos( ELEVATION ) );
		map.minDistance = 3;
		map.maxDistance = distance * 2.5;

		// the orientation at the top: looking at the middle of the hall
		const from = camera.position.clone();
		camera.position.copy( flight.to );
		camera.lookAt( map.target );
		flight.qTo.copy( camera.quaternion );
		camera.position.copy( from );
		camera.quaternion.copy( saved.quaternion );

		fly( 'up' );

	}

	function leave( instant, animate = true ) {

		if ( mode === 'walk' ) return;

		if ( mode === 'overview' ) map.disconnect();
		layer.hidden = true;

		flight.to.copy( saved.position );
		flight.qTo.copy( saved.quaternion );

		if ( instant || ! animate ) {

			camera.position.copy( saved.position );
			camera.quaternion.copy( saved.quaternion );
			walkAgain();
			return;

		}

		fly( 'down' );

	}

	function fly( direction ) {

		mode = direction;
		flight.from.copy( camera.position );
		flight.qFrom.copy( camera.quaternion );
		flight.time = 0;
		flight.duration = reducedMotion.matches ? 0 : FLIGHT_SECONDS;
		labels();
		ctx.requestRender();

	}

	function landed() {

		if ( mode === 'up' ) {

			mode = 'overview';
			layer.hidden = false;
			map.connect( layer );
			map.update();
			labels();

		} else {

			walkAgain();

		}

	}

	function walkAgain() {

		camera.far = saved.far;
		camera.updateProjectionMatrix();
		ctx.scene.fog = saved.fog;
		saved.fog = null;
		mode = 'walk';
		controls.enabled = true;
		labels();
		ctx.requestRender();

	}

	function boothUnder( clientX, clientY ) {

		const rect = canvas.getBoundingClientRect();
		_ndc.set( ( clientX - rect.left ) / rect.width * 2 - 1, - ( clientY - rect.top ) / rect.height * 2 + 1 );
		camera.updateMatrixWorld();
		_raycaster.setFromCamera( _ndc, camera );

		// the first surface hit (a booth's wall or floor), else the floor plane
		let point = null;
		if ( ctx.octree !== null ) {

			const hit = ctx.octree.rayIntersect( _raycaster.ray );
			if ( hit ) point = _hit.copy( hit.position ).addScaledVector( _forward.copy( _raycaster.ray.direction ), - 0.02 );

		}

		if ( point === null ) point = _raycaster.ray.intersectPlane( _floor, _hit );
		if ( point === null ) return null;

		const [ x, y ] = worldToPlan( point );
		return boothAt( ctx.booths, x, y, 0.1 );

	}

	function labels() {

		const up = mode !== 'walk';
		button.textContent = t( up ? 'overview.leave' : 'overview.enter' );
		button.title = t( up ? 'overview.leave_title' : 'overview.enter_title' );
		button.setAttribute( 'aria-pressed', String( up ) );
		hint.hidden = mode !== 'overview';
		hint.textContent = t( 'overview.help' );

		// under the top bar, however tall it wraps on a narrow screen
		const topbar = document.getElementById( 'topbar' );
		if ( ! hint.hidden && topbar ) hint.style.top = `${Math.round( topbar.getBoundingClientRect().bottom + 8 )}px`;

	}

}
