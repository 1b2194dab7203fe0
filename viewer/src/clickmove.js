// Click (or tap) on the floor of an aisle to walk there: the walker goes in a
// straight line at walking speed, sliding along and stopping at whatever is in
// the way, and a ring on the floor marks where it is heading. Clicks on a
// booth are main.js's (they open the booth panel).

import { MathUtils, Mesh, MeshBasicMaterial, Raycaster, RingGeometry, Vector2, Vector3 } from 'three';

import { boothAt } from './plan.js';

const _ndc = new Vector2();
const _normal = new Vector3();
const _raycaster = new Raycaster();

/** Hits higher than this above the walker's feet are not floor (m). */
const FLOOR_MAX_HEIGHT = 0.2;

/** A surface is floor when its normal is at most ~25° from straight up (cos 25°). */
const FLOOR_MIN_NORMAL_Y = 0.9;

/** Clicks farther away than this are ignored (m). */
const MAX_DISTANCE = 80;

/** A hit this close to a booth rect (or inside it) belongs to the booth, as in picking.js (m). */
const BOOTH_TOLERANCE = 0.1;

/**
 * The floor point of an aisle seen through normalised device coordinates (x, y).
 *
 * @param {import('./context.js').ViewerContext} ctx
 * @param {number} x - NDC x in [−1, 1]
 * @param {number} y - NDC y in [−1, 1]
 * @return {import('three').Vector3|null} world point on the floor, or null (a booth, a wall, nothing)
 */
export function floorPointAt( ctx, x, y ) {

	if ( ctx.octree === null ) return null;

	ctx.camera.updateMatrixWorld();
	_raycaster.setFromCamera( _ndc.set( x, y ), ctx.camera );
	return floorPointOnRay( ctx, _raycaster.ray );

}

/**
 * The floor point of an aisle a world ray hits first (also used by the VR controllers).
 *
 * @param {import('./context.js').ViewerContext} ctx
 * @param {import('three').Ray} ray - world ray, unit direction
 * @param {number} [maxDistance] - metres
 * @return {import('three').Vector3|null} world point, or null
 */
export function floorPointOnRay( ctx, ray, maxDistance = MAX_DISTANCE ) {

	if ( ctx.octree === null ) return null;

	const hit = ctx.octree.rayIntersect( ray );
	if ( ! hit || hit.distance > maxDistance ) return null;

	hit.triangle.getNormal( _normal );
	if ( Math.abs( _normal.y ) < FLOOR_MIN_NORMAL_Y ) return null;

	const feet = ctx.controls.collider.start.y - ctx.controls.radius;
	if ( hit.position.y > Math.max( feet, 0 ) + FLOOR_MAX_HEIGHT ) return null;

	if ( boothAt( ctx.booths, hit.position.x, - hit.position.z, BOOTH_TOLERANCE ) !== null ) return null;

	return hit.position;

}

/**
 * A flat ring lying on the floor, marking where the walker is heading.
 *
 * @param {number} color
 * @return {Mesh}
 */
export function floorMarker( color = 0xffb020 ) {

	const geometry = new RingGeometry( 0.22, 0.32, 40 ).rotateX( - Math.PI / 2 );
	const material = new MeshBasicMaterial( { color, transparent: true, opacity: 0.9, depthWrite: false } );
	const marker = new Mesh( geometry, material );
	marker.name = 'floor-marker';
	marker.renderOrder = 5;
	marker.visible = false;
	return marker;

}

/**
 * Wires click-to-walk into the viewer.
 *
 * @param {import('./context.js').ViewerContext} ctx
 */
export function install( ctx ) {

	const { canvas, controls, viewer } = ctx;
	const ring = floorMarker();
	ctx.scene.add( ring );

	// test hooks
	/** plan point [x, y] the walker is walking to, or null */
	viewer.walkTarget = () => ( controls.target === null ? null : [ ...controls.target ] );
	/** walks to plan point (x, y) as a click on the floor there does */
	viewer.walkTo = ( x, y ) => controls.walkTo( x, y );
	/** heading of the view on the plan (degrees, 0 = north, positive turns left) */
	viewer.heading = () => {

		ctx.camera.getWorldDirection( _normal );
		return MathUtils.radToDeg( Math.atan2( - _normal.x, - _normal.z ) );

	};

	canvas.addEventListener( 'click', ( event ) => {

		if ( controls.dragged || controls.enabled === false || ctx.octree === null || viewer.state !== 'ready' ) return;

		let x = 0, y = 0; // the screen centre while the pointer is locked

		if ( ! controls.isLocked ) {

			const rect = canvas.getBoundingClientRect();
			x = ( event.clientX - rect.left ) / rect.width * 2 - 1;
			y = - ( event.clientY - rect.top ) / rect.height * 2 + 1;

		}

		const point = floorPointAt( ctx, x, y );
		if ( point === null ) return;

		controls.walkTo( point.x, - point.z );
		ring.position.set( point.x, point.y + 0.02, point.z );
		ring.visible = true;
		ctx.requestRender();

	} );

	controls.addEventListener( 'arrive', () => {

		ring.visible = false;
		ctx.requestRender();

	} );

	ctx.addEventListener( 'hall-unload', () => {

		controls.stopWalking();
		ring.visible = false;

	} );

}
