// Which booth is under the pointer (or the screen centre), its highlight
// and the hover label (the details panel is panel.js).
//
// The hall GLB merges geometry per material, so the mesh that was hit says
// nothing about the booth: the hit point goes back to plan coordinates and
// the manifest booth whose rect holds it is the answer.

import {
	BoxGeometry,
	DoubleSide,
	EdgesGeometry,
	Group,
	LineBasicMaterial,
	LineSegments,
	Mesh,
	MeshBasicMaterial,
	PlaneGeometry,
	Raycaster,
	Vector2,
	Vector3,
} from 'three';

import { boothAt } from './plan.js';

const _pointer = new Vector2();
const _point = new Vector3();
const _raycaster = new Raycaster();

/**
 * Finds the booth under a screen point by casting a ray against the hall's octree.
 */
export class BoothPicker {

	/**
	 * @param {import('three').Camera} camera
	 */
	constructor( camera ) {

		this.camera = camera;

		/** Hits within this distance outside a booth rect still count for it (m). */
		this.tolerance = 0.1;

		/** Hits higher than this are hall walls or roof, not booths (m). */
		this.maxBoothHeight = 4.0;

		/** Hits farther away than this are ignored (m). */
		this.maxDistance = 200;

		/** The hit point is moved this far back towards the eye, onto the visible side of a panel (m). */
		this.nudge = 0.02;

		this.octree = null;
		this.booths = [];

	}

	/**
	 * @param {import('three/addons/math/Octree.js').Octree|null} octree
	 * @param {Array<Object>} booths - manifest booths of the hall
	 */
	setHall( octree, booths ) {

		this.octree = octree;
		this.booths = booths;

	}

	/**
	 * The booth seen at normalised device coordinates (x, y), each in [−1, 1].
	 *
	 * @return {Object|null}
	 */
	pick( x, y ) {

		if ( this.octree === null ) return null;

		_raycaster.setFromCamera( _pointer.set( x, y ), this.camera );
		const ray = _raycaster.ray;
		const hit = this.octree.rayIntersect( ray );

		if ( ! hit || hit.distance > this.maxDistance ) return null;

		_point.copy( hit.position ).addScaledVector( ray.direction, - this.nudge );
		if ( _point.y > this.maxBoothHeight ) return null;

		return boothAt( this.booths, _point.x, - _point.z, this.tolerance );

	}

}

/**
 * An outline box and a translucent floor patch drawn over one booth.
 */
export class BoothHighlight extends Group {

	constructor() {

		super();

		this.name = 'booth-highlight';

		/** Height of the outline box (m); shell-scheme walls are 2.5 m. */
		this.height = 2.6;

		/** Outline colour. */
		this.color = 0xffb020;

		// a unit box standing on the floor, scaled to the booth
		const box = new BoxGeometry( 1, 1, 1 ).translate( 0.5, 0.5, - 0.5 );
		this._edges = new LineSegments(
			new EdgesGeometry( box ),
			new LineBasicMaterial( { color: this.color, depthTest: false, transparent: true, opacity: 0.95 } )
		);
		box.dispose();
		this._edges.renderOrder = 10;

		const floor = new PlaneGeometry( 1, 1 ).rotateX( - Math.PI / 2 ).translate( 0.5, 0, - 0.5 );
		this._floor = new Mesh(
			floor,
			new MeshBasicMaterial( { color: this.color, transparent: true, opacity: 0.25, depthWrite: false, side: DoubleSide } )
		);
		this._floor.position.y = 0.04; // just above the carpet
		this._floor.renderOrder = 9;

		this.add( this._edges, this._floor );
		this.visible = false;
		this.booth = null;

	}

	/**
	 * @param {Object|null} booth - manifest booth, or null to hide
	 */
	show( booth ) {

		this.booth = booth;
		this.visible = booth !== null;
		if ( booth === null ) return;

		const [ x0, y0, x1, y1 ] = booth.rect;
		// plan (x0, y0) is world (x0, 0, −y0); the unit box spans +x and −z from there
		this.position.set( x0, 0, - y0 );
		this.scale.set( x1 - x0, 1, y1 - y0 );
		this._edges.scale.y = this.height;
		this.updateMatrixWorld();

	}

	dispose() {

		this._edges.geometry.dispose();
		this._edges.material.dispose();
		this._floor.geometry.dispose();
		this._floor.material.dispose();

	}

}

/**
 * The small label with booth number and exhibitor that follows the pointer.
 */
export class BoothLabel {

	/**
	 * @param {HTMLElement} element - holds .booth-number and .booth-exhibitor
	 */
	constructor( element ) {

		this.element = element;
		this.number = element.querySelector( '.booth-number' );
		this.exhibitor = element.querySelector( '.booth-exhibitor' );

		/** Offset from the pointer (px). */
		this.offset = 16;

		/** Space kept free at the bottom of the window, for the help line (px). */
		this.bottomMargin = 48;

		this.booth = null;

	}

	/**
	 * @param {Object|null} booth
	 * @param {number} x - pointer position (CSS px)
	 * @param {number} y
	 */
	show( booth, x, y ) {

		if ( booth !== this.booth ) {

			this.booth = booth;
			this.element.hidden = booth === null;

			if ( booth !== null ) {

				this.number.textContent = booth.number;
				this.exhibitor.textContent = booth.exhibitor;

			}

		}

		if ( booth === null ) return;

		const view = this.element.ownerDocument.documentElement;
		const width = this.element.offsetWidth;
		const height = this.element.offsetHeight;
		let left = x + this.offset;
		let top = y + this.offset;
		if ( left + width > view.clientWidth - 4 ) left = Math.max( 4, x - this.offset - width );
		if ( top + height > view.clientHeight - this.bottomMargin ) top = Math.max( 4, y - this.offset - height );
		this.element.style.transform = `translate(${Math.round( left )}px, ${Math.round( top )}px)`;

	}

	hide() {

		this.show( null, 0, 0 );

	}

}
