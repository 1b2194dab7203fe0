// WebXR (immersive-vr): an Enter VR button where the browser can show VR,
// eye height from the headset ('local-floor'), a ray from each controller,
// teleport by pointing at the floor of an aisle and pulling the trigger,
// 30° snap turns on the thumbstick (no smooth rotation), a booth under the
// ray opens its panel (read on exit), and back to walking at the same plan
// position when the session ends (after three.js examples/webxr_vr_teleport.html).

import {
	BufferGeometry,
	Float32BufferAttribute,
	Line,
	LineBasicMaterial,
	MathUtils,
	Matrix4,
	Quaternion,
	Ray,
	Vector3,
} from 'three';

import { floorMarker, floorPointOnRay } from './clickmove.js';
import { t } from './i18n.js';
import { boothAt } from './plan.js';

const _matrix = new Matrix4();
const _rotation = new Matrix4();
const _head = new Vector3();
const _position = new Vector3();
const _quaternion = new Quaternion();
const _scale = new Vector3();
const _ray = new Ray();

/** Length of the controller ray drawn when it hits nothing (m). */
const RAY_LENGTH = 8;

/** Teleport reach (m). */
const TELEPORT_DISTANCE = 30;

/**
 * Where the headset's tracking space lies in the hall, and the turns and
 * teleports that move it. The reference space the renderer uses is the
 * headset's 'local-floor' space offset so that its poses are world poses:
 * world = rotateY(yaw) · local + origin.
 */
export class XRRig {

	constructor() {

		/** World position of the tracking space's origin (on the floor). */
		this.origin = new Vector3();

		/** Turn of the tracking space about +Y (radians, positive turns left). */
		this.yaw = 0;

		/** Snap turn step (radians). */
		this.snapAngle = MathUtils.degToRad( 30 );

	}

	/**
	 * The XRRigidTransform for getOffsetReferenceSpace (the inverse of the rig's pose).
	 *
	 * @param {Function} XRRigidTransformClass - the browser's XRRigidTransform
	 */
	offsetTransform( XRRigidTransformClass ) {

		_matrix.makeRotationY( this.yaw ).setPosition( this.origin ).invert();
		_matrix.decompose( _position, _quaternion, _scale );
		return new XRRigidTransformClass(
			{ x: _position.x, y: _position.y, z: _position.z, w: 1 },
			{ x: _quaternion.x, y: _quaternion.y, z: _quaternion.z, w: _quaternion.w }
		);

	}

	/**
	 * Moves the tracking space so the head (now at world point `head`) stands over world floor point `point`.
	 *
	 * @param {Vector3} head - world position of the headset now
	 * @param {Vector3} point - world floor point
	 */
	teleport( head, point ) {

		this.origin.x += point.x - head.x;
		this.origin.z += point.z - head.z;
		this.origin.y = point.y;

	}

	/**
	 * Turns the tracking space by `angle` about the head (now at world point `head`).
	 *
	 * @param {Vector3} head
	 * @param {number} angle - radians, positive turns left
	 */
	turn( head, angle ) {

		// the head's offset from the origin, turned with the space
		_head.copy( head ).sub( this.origin ).applyMatrix4( _rotation.makeRotationY( angle ) );
		this.origin.x = head.x - _head.x;
		this.origin.z = head.z - _head.z;
		this.yaw += angle;

	}

}

/**
 * One controller: its ray, where the ray meets an aisle floor, and its snap-turn state.
 */
class Pointer {

	constructor( group ) {

		this.group = group;
		this.inputSource = null;
		this.armed = true; // the thumbstick came back to the middle since the last snap turn
		this.floor = null; // world floor point under the ray, or null
		this.booth = null; // booth under the ray, or null

		const geometry = new BufferGeometry();
		geometry.setAttribute( 'position', new Float32BufferAttribute( [ 0, 0, 0, 0, 0, - 1 ], 3 ) );
		this.line = new Line( geometry, new LineBasicMaterial( { color: 0xffffff, transparent: true, opacity: 0.7 } ) );
		this.line.name = 'controller-ray';
		this.line.scale.z = RAY_LENGTH;
		group.add( this.line );

	}

}

/**
 * Adds the Enter VR button when the browser offers immersive-vr.
 *
 * @param {import('./context.js').ViewerContext} ctx
 */
export function install( ctx ) {

	const { renderer, scene, controls, viewer, camera } = ctx;
	const doc = ctx.canvas.ownerDocument;

	renderer.xr.enabled = true;
	renderer.xr.setReferenceSpaceType( 'local-floor' );

	const rig = new XRRig();
	const marker = floorMarker( 0x36c5f0 );
	scene.add( marker );

	const pointers = [ 0, 1 ].map( ( index ) => {

		const pointer = new Pointer( renderer.xr.getController( index ) );
		pointer.group.addEventListener( 'connected', ( event ) => {

			pointer.inputSource = event.data;

		} );
		pointer.group.addEventListener( 'disconnected', () => {

			pointer.inputSource = null;

		} );
		pointer.group.addEventListener( 'select', () => select( pointer ) );
		scene.add( pointer.group );
		return pointer;

	} );

	let baseSpace = null;
	let button = null;
	let session = null;

	// test hooks
	viewer.xr = {
		/** whether an immersive session is showing */
		isPresenting: () => renderer.xr.isPresenting,
		/** plan point [x, y] of the teleport marker, or null */
		marker: () => ( marker.visible ? [ marker.position.x, - marker.position.z ] : null ),
		/** number of the booth under a controller ray, or null */
		booth: () => {

			const pointer = pointers.find( ( p ) => p.booth !== null );
			return pointer ? pointer.booth.number : null;

		},
		/** ends the session */
		exit: () => ( session ? session.end() : Promise.resolve() ),
	};

	function applyRig() {

		if ( baseSpace === null ) return;
		renderer.xr.setReferenceSpace( baseSpace.getOffsetReferenceSpace( rig.offsetTransform( window.XRRigidTransform ) ) );

	}

	function headPosition( target ) {

		// where the last drawn frame put the headset (the XR camera overwrites the walker's camera)
		return target.copy( camera.position );

	}

	function select( pointer ) {

		if ( pointer.floor !== null ) {

			rig.teleport( headPosition( _position ), pointer.floor );
			applyRig();

		} else if ( pointer.booth !== null ) {

			ctx.openBooth( pointer.booth );

		}

	}

	function updatePointer( pointer ) {

		const group = pointer.group;
		pointer.floor = null;
		pointer.booth = null;
		if ( pointer.inputSource === null || ctx.octree === null ) return;

		group.updateMatrixWorld( true );
		_ray.origin.setFromMatrixPosition( group.matrixWorld );
		_ray.direction.set( 0, 0, - 1 ).transformDirection( group.matrixWorld );

		const hit = ctx.octree.rayIntersect( _ray );
		pointer.line.scale.z = hit ? Math.min( hit.distance, RAY_LENGTH * 4 ) : RAY_LENGTH;

		const floor = floorPointOnRay( ctx, _ray, TELEPORT_DISTANCE );

		if ( floor !== null ) {

			pointer.floor = floor.clone();

		} else if ( hit && hit.position.y < 4 ) {

			pointer.booth = boothAt( ctx.booths, hit.position.x, - hit.position.z, 0.1 );

		}

		// snap turn on the thumbstick (xr-standard: axes 2, 3); it must come back to the middle between turns
		const gamepad = pointer.inputSource.gamepad;
		if ( ! gamepad || gamepad.axes.length < 4 ) return;
		const x = gamepad.axes[ 2 ];

		if ( pointer.armed && Math.abs( x ) > 0.7 ) {

			pointer.armed = false;
			rig.turn( headPosition( _position ), x > 0 ? - rig.snapAngle : rig.snapAngle );
			applyRig();

		} else if ( Math.abs( x ) < 0.3 ) {

			pointer.armed = true;

		}

	}

	ctx.addEventListener( 'frame', () => {

		if ( ! renderer.xr.isPresenting ) return;

		let shown = null;

		for ( const pointer of pointers ) {

			updatePointer( pointer );
			if ( shown === null && pointer.floor !== null ) shown = pointer.floor;

		}

		marker.visible = shown !== null;
		if ( shown !== null ) marker.position.set( shown.x, shown.y + 0.02, shown.z );

		ctx.requestRender(); // in XR every frame is drawn

	} );

	renderer.xr.addEventListener( 'sessionstart', () => {

		baseSpace = renderer.xr.getReferenceSpace();

		// the tracking space's floor origin where the walker stands, facing the same way
		rig.origin.set( controls.collider.start.x, controls.collider.start.y - controls.radius - 0.01, controls.collider.start.z );
		rig.yaw = controls.yaw;
		applyRig();

		controls.enabled = false;
		controls.stopWalking();
		if ( button !== null ) button.textContent = t( 'controls.exit_vr' );

	} );

	renderer.xr.addEventListener( 'sessionend', () => {

		session = null;
		baseSpace = null;
		marker.visible = false;

		// back to walking where the headset was, facing where it looked
		camera.getWorldDirection( _head );
		const heading = [ _head.x, - _head.z ];
		if ( Math.hypot( heading[ 0 ], heading[ 1 ] ) < 1e-3 ) heading.splice( 0, 2, - Math.sin( rig.yaw ), Math.cos( rig.yaw ) );
		const x = camera.position.x, y = - camera.position.z;

		ctx.stage.resize(); // three.js has put back the camera's field of view; the canvas may have moved

		controls.enabled = true;
		controls.teleport( x, y, heading );
		if ( button !== null ) button.textContent = t( 'controls.enter_vr' );
		ctx.requestRender();

	} );

	ctx.addEventListener( 'language', () => {

		if ( button !== null ) button.textContent = t( renderer.xr.isPresenting ? 'controls.exit_vr' : 'controls.enter_vr' );

	} );

	async function start() {

		if ( session !== null ) {

			await session.end();
			return;

		}

		try {

			session = await navigator.xr.requestSession( 'immersive-vr', { optionalFeatures: [ 'local-floor', 'bounded-floor' ] } );
			session.addEventListener( 'end', () => {

				session = null;

			} );
			await renderer.xr.setSession( session );

		} catch ( err ) {

			session = null;
			console.warn( `Enter VR failed: ${err.message}` );
			if ( button !== null ) button.title = t( 'controls.vr_failed', { reason: err.message } );

		}

	}

	// the button only where immersive VR is on offer
	if ( ! navigator.xr || typeof navigator.xr.isSessionSupported !== 'function' ) return;

	navigator.xr.isSessionSupported( 'immersive-vr' ).then( ( supported ) => {

		if ( ! supported ) return;
		button = doc.createElement( 'button' );
		button.type = 'button';
		button.id = 'enter-vr';
		button.dataset.testid = 'enter-vr';
		button.textContent = t( 'controls.enter_vr' );
		button.addEventListener( 'click', start );
		const tools = doc.getElementById( 'topbar-tools' );
		( tools || doc.body ).prepend( button );

	} ).catch( () => {

		// no VR here (blocked by a permissions policy, say): no button

	} );

}
