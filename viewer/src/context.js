// What the viewer's feature modules share: the stage, the walker, the fair
// and the hall on show, and a few events. main.js makes one ViewerContext;
// each feature module exports `install(ctx)` and talks to the others only
// through it, so features stay in their own files.
//
// Events (ctx.addEventListener(type, listener); the event object carries the fields):
//   'manifest'    { manifest }                  the fair manifest arrived
//   'hall'        { hall, booths, root, octree } a hall is loaded and walkable
//   'hall-unload' { hall }                      the hall is about to go away
//   'frame'       { delta }                     once per animation frame (s since the last)
//   'rendered'    { ms, timestamp }             a frame was drawn, taking ms of CPU time in render()
//   'booth-open'  { booth }                     the booth panel opened on a booth
//   'booth-close' {}                            the booth panel closed
//   'route'       { points, booth }             a route was drawn (plan points), or cleared (points null)
//   'language'    { lang }                      the UI language changed

import { EventDispatcher } from 'three';

export class ViewerContext extends EventDispatcher {

	/**
	 * @param {Object} parts
	 * @param {import('./stage.js').Stage} parts.stage
	 * @param {import('./controls.js').WalkControls} parts.controls
	 * @param {Object} parts.viewer - the window.halllayoutViewer test hook, which modules may extend
	 */
	constructor( { stage, controls, viewer } ) {

		super();

		this.stage = stage;
		this.camera = stage.camera;
		this.scene = stage.scene;
		this.renderer = stage.renderer;
		this.canvas = stage.renderer.domElement;
		this.controls = controls;
		this.viewer = viewer;

		/** 'high' or 'low' (quality.js): modules scale their distances and budgets by it. */
		this.quality = 'high';
		/** While true the view is drawn every frame, not only when something changed (debug overlay, animations). */
		this.continuous = false;

		/** The fair manifest (`/api/fair`), once loaded. */
		this.manifest = null;
		/** The hall on show (a manifest hall), its booths, GLB root and collision octree. */
		this.hall = null;
		this.booths = [];
		this.hallRoot = null;
		this.octree = null;

		// set by main.js
		this._render = () => {};
		this._openBooth = () => {};
		this._closeBooth = () => {};
		this._switchHall = () => {};

	}

	/** Asks for a frame to be drawn (the view is drawn on demand). */
	requestRender() {

		this._render();

	}

	/**
	 * Opens the booth panel on a manifest booth.
	 *
	 * @param {Object} booth
	 */
	openBooth( booth ) {

		this._openBooth( booth );

	}

	closeBooth() {

		this._closeBooth();

	}

	/**
	 * Shows another hall of the fair.
	 *
	 * @param {string} id
	 */
	switchHall( id ) {

		this._switchHall( id );

	}

	/**
	 * The manifest booth with this number in any hall, and its hall.
	 *
	 * @param {string} number
	 * @return {{booth: Object, hall: Object}|null}
	 */
	findBooth( number ) {

		if ( ! this.manifest ) return null;
		for ( const hall of this.manifest.halls ) {

			for ( const booth of hallBooths( this.manifest, hall ) ) {

				if ( booth.number === number ) return { booth, hall };

			}

		}

		return null;

	}

	emit( type, fields = {} ) {

		this.dispatchEvent( { type, ...fields } );

	}

}

/**
 * A manifest hall's booths: layout@2 keeps them with the hall, layout@1 had one fair-wide list.
 *
 * @param {Object} manifest
 * @param {Object} hall
 * @return {Array<Object>}
 */
export function hallBooths( manifest, hall ) {

	if ( Array.isArray( hall.booths ) ) return hall.booths;
	return ( manifest.booths || [] ).filter( ( booth ) => booth.hall === hall.id );

}
