// First-person walk controls: press-and-drag look (mouse or one finger),
// pointer-lock mouse look, WASD / arrow keys, Shift to run, an analog stick
// (the on-screen joystick), walking to a target point, and a capsule collider
// moved against an Octree with gravity (after three.js examples/games_fps.html).

import { Controls, MathUtils, Ray, Vector3 } from 'three';
import { Capsule } from 'three/addons/math/Capsule.js';

const _forward = new Vector3();
const _right = new Vector3();
const _wish = new Vector3();
const _step = new Vector3();
const _before = new Vector3();
const _ray = new Ray();
const _toTarget = new Vector3();

const _changeEvent = { type: 'change' };
const _lockEvent = { type: 'lock' };
const _unlockEvent = { type: 'unlock' };
const _lockErrorEvent = { type: 'lockerror' };
const _arriveEvent = { type: 'arrive' };

// KeyboardEvent.code → movement, so the keys work with any keyboard layout
const KEY_FORWARD = new Set( [ 'KeyW', 'ArrowUp' ] );
const KEY_BACKWARD = new Set( [ 'KeyS', 'ArrowDown' ] );
const KEY_LEFT = new Set( [ 'KeyA', 'ArrowLeft' ] );
const KEY_RIGHT = new Set( [ 'KeyD', 'ArrowRight' ] );
const KEY_RUN = new Set( [ 'ShiftLeft', 'ShiftRight' ] );
const MOVEMENT_KEYS = new Set( [ ...KEY_FORWARD, ...KEY_BACKWARD, ...KEY_LEFT, ...KEY_RIGHT ] );

/**
 * Walks a camera through a static world given as an {@link Octree}.
 *
 * Events: `change` (the camera moved or turned), `lock`, `unlock`,
 * `lockerror` (the browser refused pointer lock), `arrive` (a walk started
 * with {@link WalkControls#walkTo} ended: `reached` says whether it got there
 * or was stopped by an obstacle or a key).
 */
class WalkControls extends Controls {

	/**
	 * @param {import('three').PerspectiveCamera} camera - rotation order is set to 'YXZ'
	 * @param {HTMLElement|null} [domElement] - element that takes pointer lock (the canvas)
	 */
	constructor( camera, domElement = null ) {

		super( camera, domElement );

		/** Walking speed (m/s). */
		this.walkSpeed = 1.4;

		/** Running speed, with Shift (m/s). */
		this.runSpeed = 3.0;

		/** Time to reach the target speed or stop, as an exponential time constant (s). */
		this.acceleration = 0.08;

		/** Eye height above the floor (m). */
		this.eyeHeight = 1.6;

		/** Radius of the body capsule (m). */
		this.radius = 0.3;

		/** Gravity (m/s²). */
		this.gravity = 9.81;

		/** Mouse look sensitivity (radians per pixel of mouse movement). */
		this.pointerSpeed = 0.002;

		/** Press-and-drag look sensitivity (radians per CSS pixel dragged). */
		this.dragSpeed = 0.005;

		/** A press that moves less than this is a click or a tap, not a drag (CSS px). */
		this.dragThreshold = 6;

		/** A walk to a target ends this close to it (m). */
		this.arriveDistance = 0.15;

		/** A walk to a target gives up when it covers less than this in {@link WalkControls#stuckTime} (m). */
		this.stuckDistance = 0.15;

		/** See {@link WalkControls#stuckDistance} (s). */
		this.stuckTime = 0.6;

		/** How far the view may tilt up or down (radians from level). */
		this.maxPitch = MathUtils.degToRad( 85 );

		/** Longest time simulated per update; longer frames (below 2 fps, or a stall) are slowed down (s). */
		this.maxDelta = 0.5;

		/** Longest physics sub-step, so fast moves cannot tunnel through thin panels (s). */
		this.maxStep = 1 / 60;

		/** Falling below this height respawns (m). */
		this.respawnBelow = - 10;

		/** Where respawns put the walker: plan point [x, y] and plan heading [dx, dy]. */
		this.spawn = { at: [ 0, 0 ], heading: [ 0, 1 ] };

		/** Collision world; nothing moves until it is set. */
		this.octree = null;

		/** Whether the pointer is locked to {@link WalkControls#domElement}. */
		this.isLocked = false;

		/** Heading (radians, 0 = looking along world −Z, i.e. plan north; positive turns left). */
		this.yaw = 0;

		/** Tilt (radians, positive looks up). */
		this.pitch = 0;

		this.velocity = new Vector3();
		this.onFloor = false;
		this.collider = new Capsule( new Vector3( 0, this.radius, 0 ), new Vector3( 0, this.eyeHeight, 0 ), this.radius );

		/**
		 * Analog movement from the on-screen joystick: `forward` and `right`, each
		 * in [−1, 1]; the length of (forward, right) scales the speed.
		 */
		this.stick = { forward: 0, right: 0 };

		/** Whether the last press on the canvas turned into a drag (the click that follows is not a pick). */
		this.dragged = false;

		/** Plan point [x, y] the walker is walking to, or null. */
		this.target = null;

		this._pressed = new Set();
		this._drag = null; // { id, x, y, moved } of the pointer dragging the view
		this._stuck = { time: 0, x: 0, z: 0 };

		this._onKeyDown = onKeyDown.bind( this );
		this._onKeyUp = onKeyUp.bind( this );
		this._onBlur = onBlur.bind( this );
		this._onMouseMove = onMouseMove.bind( this );
		this._onPointerlockChange = onPointerlockChange.bind( this );
		this._onPointerlockError = onPointerlockError.bind( this );
		this._onPointerDown = onPointerDown.bind( this );
		this._onPointerMove = onPointerMove.bind( this );
		this._onPointerUp = onPointerUp.bind( this );

		camera.rotation.order = 'YXZ';

		if ( domElement !== null ) this.connect( domElement );

	}

	connect( element ) {

		super.connect( element );

		const doc = this.domElement.ownerDocument;
		doc.addEventListener( 'keydown', this._onKeyDown );
		doc.addEventListener( 'keyup', this._onKeyUp );
		doc.addEventListener( 'mousemove', this._onMouseMove );
		doc.addEventListener( 'pointerlockchange', this._onPointerlockChange );
		doc.addEventListener( 'pointerlockerror', this._onPointerlockError );
		doc.defaultView.addEventListener( 'blur', this._onBlur );
		this.domElement.addEventListener( 'pointerdown', this._onPointerDown );
		this.domElement.addEventListener( 'pointermove', this._onPointerMove );
		this.domElement.addEventListener( 'pointerup', this._onPointerUp );
		this.domElement.addEventListener( 'pointercancel', this._onPointerUp );

	}

	disconnect() {

		if ( this.domElement === null ) return;

		const doc = this.domElement.ownerDocument;
		doc.removeEventListener( 'keydown', this._onKeyDown );
		doc.removeEventListener( 'keyup', this._onKeyUp );
		doc.removeEventListener( 'mousemove', this._onMouseMove );
		doc.removeEventListener( 'pointerlockchange', this._onPointerlockChange );
		doc.removeEventListener( 'pointerlockerror', this._onPointerlockError );
		doc.defaultView.removeEventListener( 'blur', this._onBlur );
		this.domElement.removeEventListener( 'pointerdown', this._onPointerDown );
		this.domElement.removeEventListener( 'pointermove', this._onPointerMove );
		this.domElement.removeEventListener( 'pointerup', this._onPointerUp );
		this.domElement.removeEventListener( 'pointercancel', this._onPointerUp );
		this._pressed.clear();
		this._drag = null;

	}

	dispose() {

		this.disconnect();

	}

	/** Takes pointer lock on the canvas (must run inside a user gesture such as a click). */
	lock() {

		let request;
		try {

			request = this.domElement.requestPointerLock();

		} catch ( err ) {

			this.dispatchEvent( _lockErrorEvent );
			return;

		}

		// Chromium returns a promise that rejects when lock is refused; the
		// pointerlockerror event reports it, so keep the rejection quiet
		if ( request && typeof request.catch === 'function' ) request.catch( () => {} );

	}

	unlock() {

		if ( this.isLocked ) this.domElement.ownerDocument.exitPointerLock();

	}

	/** Takes pointer lock if it is free, else releases it (must run inside a user gesture). */
	toggleLock() {

		if ( this.isLocked ) this.unlock();
		else this.lock();

	}

	/** Whether any movement key is held or the joystick is pushed. */
	get moving() {

		for ( const code of this._pressed ) if ( MOVEMENT_KEYS.has( code ) ) return true;
		return this.stick.forward !== 0 || this.stick.right !== 0;

	}

	/**
	 * Walks in a straight line to plan point (x, y) at walking speed, sliding
	 * along what is in the way; stops there, when stuck against an obstacle,
	 * or when a movement key or the joystick takes over.
	 *
	 * @param {number} x - plan x (m)
	 * @param {number} y - plan y (m)
	 */
	walkTo( x, y ) {

		this.target = [ x, y ];
		this._stuck.time = 0;
		this._stuck.x = this.collider.end.x;
		this._stuck.z = this.collider.end.z;

	}

	/** Ends a walk started with {@link WalkControls#walkTo} (no-op without one). */
	stopWalking( reached = false ) {

		if ( this.target === null ) return;
		this.target = null;
		this.dispatchEvent( { ..._arriveEvent, reached } );

	}

	/**
	 * Turns the view.
	 *
	 * @param {number} yaw - radians, positive turns left
	 * @param {number} [pitch=0] - radians, positive looks up
	 */
	turn( yaw, pitch = 0 ) {

		this.yaw += yaw;
		this.pitch = MathUtils.clamp( this.pitch + pitch, - this.maxPitch, this.maxPitch );
		this._applyCamera();
		this.dispatchEvent( _changeEvent );

	}

	/**
	 * Puts the walker on the floor at plan point (x, y), looking along plan direction heading.
	 *
	 * @param {number} x - plan x (m)
	 * @param {number} y - plan y (m)
	 * @param {number[]} [heading] - plan direction [dx, dy]; keeps the current heading if omitted
	 */
	teleport( x, y, heading ) {

		let floor = 0;

		if ( this.octree !== null ) {

			// the floor (or carpet) below waist height at that point
			_ray.origin.set( x, 1.0, - y );
			_ray.direction.set( 0, - 1, 0 );
			const hit = this.octree.rayIntersect( _ray );
			if ( hit && hit.distance < 11 ) floor = hit.position.y;

		}

		this.collider.start.set( x, floor + this.radius + 0.01, - y );
		this.collider.end.set( x, floor + this.eyeHeight + 0.01, - y );
		this.collider.radius = this.radius;
		this.velocity.set( 0, 0, 0 );
		this.onFloor = false;
		this.stopWalking();

		if ( heading ) {

			// plan (dx, dy) is world (dx, 0, −dy); the camera looks along −Z at yaw 0
			this.yaw = Math.atan2( - heading[ 0 ], heading[ 1 ] );
			this.pitch = 0;

		}

		this._applyCamera();
		this.dispatchEvent( _changeEvent );

	}

	/** Back to {@link WalkControls#spawn}. */
	respawn() {

		this.teleport( this.spawn.at[ 0 ], this.spawn.at[ 1 ], this.spawn.heading );

	}

	/**
	 * Advances the simulation.
	 *
	 * @param {number} delta - seconds since the last update
	 */
	update( delta ) {

		if ( this.enabled === false || this.octree === null ) return;

		const dt = Math.min( Math.max( delta, 0 ), this.maxDelta );
		const steps = Math.max( 1, Math.ceil( dt / this.maxStep ) );
		const h = dt / steps;

		_before.copy( this.collider.end );

		this._wishVelocity( _wish );

		for ( let i = 0; i < steps; i ++ ) this._step( h, _wish );

		if ( this.target !== null ) this._checkProgress( dt );

		if ( this.collider.end.y < this.respawnBelow ) this.respawn();

		this._applyCamera();

		if ( _before.distanceToSquared( this.collider.end ) > 1e-10 ) this.dispatchEvent( _changeEvent );

	}

	// the horizontal velocity the keys ask for (world, m/s)
	_wishVelocity( target ) {

		let forward = 0, right = 0, running = false;

		for ( const code of this._pressed ) {

			if ( KEY_FORWARD.has( code ) ) forward |= 1;
			if ( KEY_BACKWARD.has( code ) ) forward |= 2;
			if ( KEY_RIGHT.has( code ) ) right |= 1;
			if ( KEY_LEFT.has( code ) ) right |= 2;
			if ( KEY_RUN.has( code ) ) running = true;

		}

		// bit 1: positive direction held, bit 2: negative; both cancel out
		forward = ( forward & 1 ) - ( ( forward & 2 ) >> 1 );
		right = ( right & 1 ) - ( ( right & 2 ) >> 1 );

		_forward.set( - Math.sin( this.yaw ), 0, - Math.cos( this.yaw ) );
		_right.set( Math.cos( this.yaw ), 0, - Math.sin( this.yaw ) );

		target.set( 0, 0, 0 ).addScaledVector( _forward, forward ).addScaledVector( _right, right );

		if ( target.lengthSq() > 0 ) {

			target.normalize().multiplyScalar( running ? this.runSpeed : this.walkSpeed );
			this.stopWalking(); // the keys take over

		} else if ( this.stick.forward !== 0 || this.stick.right !== 0 ) {

			// analog: speed grows with the push, full push runs
			const push = Math.min( 1, Math.hypot( this.stick.forward, this.stick.right ) );
			target.addScaledVector( _forward, this.stick.forward ).addScaledVector( _right, this.stick.right );
			target.normalize().multiplyScalar( push > 0.9 ? this.runSpeed : push / 0.9 * this.walkSpeed );
			this.stopWalking();

		} else if ( this.target !== null ) {

			_toTarget.set( this.target[ 0 ] - this.collider.end.x, 0, - this.target[ 1 ] - this.collider.end.z );
			const distance = _toTarget.length();

			if ( distance < this.arriveDistance ) {

				this.stopWalking( true );

			} else {

				// slow down over the last half metre so the walk ends on the spot
				target.copy( _toTarget ).multiplyScalar( Math.min( this.walkSpeed, distance * 3 ) / distance );

			}

		}

		return target;

	}

	// a walk to a target that no longer gets anywhere (against a wall, a booth) ends
	_checkProgress( dt ) {

		const stuck = this._stuck;
		stuck.time += dt;
		if ( stuck.time < this.stuckTime ) return;

		const covered = Math.hypot( this.collider.end.x - stuck.x, this.collider.end.z - stuck.z );
		if ( covered < this.stuckDistance ) {

			this.stopWalking( false );
			return;

		}

		stuck.time = 0;
		stuck.x = this.collider.end.x;
		stuck.z = this.collider.end.z;

	}

	_step( h, wish ) {

		// horizontal velocity eases towards what the keys ask for
		const blend = 1 - Math.exp( - h / this.acceleration );
		this.velocity.x += ( wish.x - this.velocity.x ) * blend;
		this.velocity.z += ( wish.z - this.velocity.z ) * blend;

		if ( this.onFloor ) {

			if ( this.velocity.y < 0 ) this.velocity.y = 0;

		} else {

			this.velocity.y -= this.gravity * h;

		}

		this.collider.translate( _step.copy( this.velocity ).multiplyScalar( h ) );

		this._collide();

	}

	_collide() {

		const result = this.octree.capsuleIntersect( this.collider );

		this.onFloor = false;

		if ( result ) {

			this.onFloor = result.normal.y > 0;

			if ( ! this.onFloor ) {

				// slide along walls: drop the velocity component into them
				this.velocity.addScaledVector( result.normal, - result.normal.dot( this.velocity ) );

			}

			if ( result.depth >= 1e-10 ) this.collider.translate( result.normal.multiplyScalar( result.depth ) );

		}

	}

	_applyCamera() {

		this.object.position.copy( this.collider.end );
		this.object.rotation.set( this.pitch, this.yaw, 0, 'YXZ' );

	}

}

// event listeners

function isFormControl( target ) {

	return target instanceof Element && target.closest( 'input, select, textarea, [contenteditable=""], [contenteditable="true"]' ) !== null;

}

function onKeyDown( event ) {

	if ( this.enabled === false || event.ctrlKey || event.metaKey || event.altKey ) return;
	if ( isFormControl( event.target ) ) return;

	if ( MOVEMENT_KEYS.has( event.code ) || KEY_RUN.has( event.code ) ) {

		this._pressed.add( event.code );
		if ( MOVEMENT_KEYS.has( event.code ) ) event.preventDefault(); // no page scrolling with the arrows

	}

}

function onKeyUp( event ) {

	this._pressed.delete( event.code );

}

function onBlur() {

	this._pressed.clear();

}

function onMouseMove( event ) {

	if ( this.enabled === false || this.isLocked === false ) return;

	this.yaw -= event.movementX * this.pointerSpeed;
	this.pitch -= event.movementY * this.pointerSpeed;
	this.pitch = MathUtils.clamp( this.pitch, - this.maxPitch, this.maxPitch );

	this._applyCamera();
	this.dispatchEvent( _changeEvent );

}

// press-and-drag look (mouse button or one finger; a second finger ends it, so a pinch does not turn)

function onPointerDown( event ) {

	if ( this.enabled === false || this.isLocked ) return;
	if ( event.pointerType === 'mouse' && event.button !== 0 ) return;

	if ( this._drag !== null ) {

		this._drag = null; // a second finger: a pinch or two-finger gesture, not a look
		this.dragged = true;
		return;

	}

	this._drag = { id: event.pointerId, x: event.clientX, y: event.clientY, moved: 0 };
	this.dragged = false;

}

function onPointerMove( event ) {

	const drag = this._drag;
	if ( drag === null || event.pointerId !== drag.id || this.isLocked ) return;

	const dx = event.clientX - drag.x;
	const dy = event.clientY - drag.y;
	drag.x = event.clientX;
	drag.y = event.clientY;
	drag.moved += Math.hypot( dx, dy );

	if ( ! this.dragged ) {

		if ( drag.moved < this.dragThreshold ) return;
		this.dragged = true;
		if ( this.domElement.setPointerCapture ) this.domElement.setPointerCapture( event.pointerId );

	}

	// like mouse look: move right to turn right
	this.turn( - dx * this.dragSpeed, - dy * this.dragSpeed );

}

function onPointerUp( event ) {

	if ( this._drag !== null && event.pointerId === this._drag.id ) this._drag = null;

}

function onPointerlockChange() {

	const locked = this.domElement.ownerDocument.pointerLockElement === this.domElement;
	if ( locked === this.isLocked ) return;

	this.isLocked = locked;
	this.dispatchEvent( locked ? _lockEvent : _unlockEvent );

}

function onPointerlockError() {

	this.dispatchEvent( _lockErrorEvent );

}

export { WalkControls };
