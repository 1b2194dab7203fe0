// Exhibitors' products, streamed in by distance with levels of detail.
//
// The hall GLB holds, for every product, an empty node `product <ref>/<n>`
// whose extras name its web-ready model, the model's far level and its size
// (halllayout/scene/hall.py). Nothing of them is loaded with the hall: as the
// visitor walks, the products nearest to them are given a level:
//
//   - full  within `near` metres, nearest first, while the full models given
//           so far stay under `fullTriangles`;
//   - far   within `far` metres, under `farTriangles`;
//   - none  beyond: a far booth never loads a full model (nor a far one).
//
// A level's model is fetched once per URL (models are stored by content, so a
// thousand booths showing the same kettle share one file) and drawn as one
// InstancedMesh per mesh of the model: products add draw calls per distinct
// model, not per booth. Each product is scaled down to fit the box above its
// plinth (`fit`: width, depth, height) and turned to face the aisle.

import { InstancedMesh, Matrix4, Quaternion, Vector3 } from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';

/** Distances and budgets per quality (see quality.js). */
export const PRODUCT_SETTINGS = {
	// a 700-booth hall's shell and kits are ~400k triangles: with these the view stays under 1M
	high: { near: 14, far: 45, fullTriangles: 300_000, farTriangles: 120_000, concurrent: 4 },
	low: { near: 7, far: 22, fullTriangles: 100_000, farTriangles: 40_000, concurrent: 2 },
};

/** Seconds between two re-plans while the walker stands still or moves little. */
const REPLAN_INTERVAL = 0.3;
/** Metres the walker must move for a re-plan sooner than that. */
const REPLAN_DISTANCE = 1;

const _m = new Matrix4();
const _slot = new Matrix4();
const _q = new Quaternion();
const _up = new Vector3( 0, 1, 0 );
const _s = new Vector3();
const _p = new Vector3();

/**
 * @param {import('./context.js').ViewerContext} ctx
 */
export function install( ctx ) {

	const streamer = new ProductStreamer( ctx.scene, PRODUCT_SETTINGS[ ctx.quality || 'high' ] );
	let sinceReplan = Infinity;
	const lastPlanned = new Vector3( Infinity, 0, 0 );

	ctx.addEventListener( 'hall', ( event ) => {

		streamer.setHall( event.root );
		sinceReplan = Infinity;

	} );

	ctx.addEventListener( 'hall-unload', () => streamer.setHall( null ) );

	ctx.addEventListener( 'frame', ( event ) => {

		sinceReplan += event.delta;
		const camera = ctx.camera.position;
		if ( sinceReplan < REPLAN_INTERVAL && camera.distanceToSquared( lastPlanned ) < REPLAN_DISTANCE ** 2 ) return;
		sinceReplan = 0;
		lastPlanned.copy( camera );
		if ( streamer.plan( camera.x, - camera.z ) ) ctx.requestRender();

	} );

	streamer.onChange = () => ctx.requestRender();

	ctx.viewer.products = () => streamer.stats();

}

/**
 * Plans which products are drawn at which level, fetches the models, and
 * keeps one InstancedMesh per mesh of each model level in the scene.
 */
export class ProductStreamer {

	/**
	 * @param {import('three').Object3D} parent - where the product meshes go
	 * @param {{near: number, far: number, fullTriangles: number, farTriangles: number, concurrent: number}} settings
	 */
	constructor( parent, settings ) {

		this.parent = parent;
		this.settings = settings;
		this.loader = new GLTFLoader();

		/** Called when a model arrived and the view changed. */
		this.onChange = () => {};

		/** @type {Array<Object>} the hall's products that have a model */
		this.slots = [];
		/** url → { state: 'loading'|'ready'|'failed', parts, triangles, size, error } */
		this.models = new Map();
		/** url → { meshes: InstancedMesh[], slots: Object[] } drawn now */
		this.drawn = new Map();
		this.queue = [];
		this.active = 0;
		this.generation = 0;
		/** Every model URL fetched in this hall, with the distance of the nearest slot that asked for it. */
		this.fetched = [];

	}

	/**
	 * The products of a freshly loaded hall (or none).
	 *
	 * @param {import('three').Object3D|null} root - the hall GLB's scene
	 */
	setHall( root ) {

		this.clear();
		this.generation ++;
		if ( root === null ) return;

		root.updateMatrixWorld( true );
		root.traverse( ( node ) => {

			const extras = node.userData && node.userData.halllayout;
			if ( ! extras || extras.kind !== 'product' || ! extras.model ) return;
			node.getWorldPosition( _p );
			this.slots.push( {
				id: extras.product,
				booth: extras.booth,
				x: _p.x,
				y: _p.y,
				z: _p.z,
				turn: Number( extras.turn ) || 0,
				fit: Array.isArray( extras.fit ) ? extras.fit : [ 0.45, 0.45, 0.6 ],
				size: Array.isArray( extras.size ) ? extras.size : null,
				urls: { full: resolve( extras.model ), far: resolve( extras.far || extras.model ) },
				triangles: { full: Number( extras.triangles ) || 0, far: Number( extras.far_triangles ) || 0 },
				level: null,
				distance: Infinity,
			} );

		} );

	}

	/**
	 * Gives every product its level for a walker at plan point (x, y) and
	 * starts the fetches that needs, nearest first.
	 *
	 * @return {boolean} whether what is drawn changed
	 */
	plan( x, y ) {

		if ( this.slots.length === 0 ) return false;
		const { near, far, fullTriangles, farTriangles } = this.settings;

		for ( const slot of this.slots ) slot.distance = Math.hypot( slot.x - x, - slot.z - y );
		const order = this.slots.slice().sort( ( a, b ) => a.distance - b.distance || ( a.id < b.id ? - 1 : 1 ) );

		let full = 0, farUsed = 0;
		const wanted = new Map(); // url → slots
		const fetch = [];
		for ( const slot of order ) {

			let level = null;
			if ( slot.distance <= near && full + slot.triangles.full <= fullTriangles ) {

				level = 'full';
				full += slot.triangles.full;

			} else if ( slot.distance <= far && farUsed + slot.triangles.far <= farTriangles ) {

				level = 'far';
				farUsed += slot.triangles.far;

			}

			slot.level = level;
			if ( level === null ) continue;
			const url = slot.urls[ level ];
			if ( ! wanted.has( url ) ) wanted.set( url, [] );
			wanted.get( url ).push( slot );
			if ( ! this.models.has( url ) && ! fetch.some( ( job ) => job.url === url ) ) fetch.push( { url, distance: slot.distance } );

		}

		for ( const job of fetch ) this._fetch( job.url, job.distance );

		return this._draw( wanted );

	}

	/**
	 * What is drawn and loaded, for the debug overlay and the tests.
	 */
	stats() {

		const count = { full: 0, far: 0, none: 0 };
		for ( const slot of this.slots ) count[ slot.level || 'none' ] ++;
		let instances = 0, triangles = 0, meshes = 0;
		for ( const [ url, entry ] of this.drawn ) {

			if ( entry.meshes.length === 0 ) continue; // planned, model not here yet
			const model = this.models.get( url );
			instances += entry.slots.length;
			meshes += entry.meshes.length;
			triangles += entry.slots.length * ( model ? model.triangles : 0 );

		}

		return {
			products: this.slots.length,
			levels: count,
			drawnInstances: instances,
			drawnMeshes: meshes,
			drawnTriangles: triangles,
			loading: this.active + this.queue.length,
			models: [ ...this.models ].map( ( [ url, m ] ) => ( { url, state: m.state, error: m.error || null } ) ),
			fetched: this.fetched.slice(),
			settings: { ...this.settings },
		};

	}

	clear() {

		for ( const entry of this.drawn.values() ) {

			for ( const mesh of entry.meshes ) {

				this.parent.remove( mesh );
				mesh.dispose();

			}

		}

		this.drawn.clear();
		for ( const model of this.models.values() ) disposeModel( model );
		this.models.clear();
		this.queue.length = 0;
		this.slots = [];
		this.fetched = [];

	}

	_fetch( url, distance ) {

		const model = { state: 'queued', parts: [], triangles: 0, error: null };
		this.models.set( url, model );
		this.fetched.push( { url, distance: Math.round( distance * 100 ) / 100 } );
		this.queue.push( url );
		this._pump();

	}

	_pump() {

		while ( this.active < this.settings.concurrent && this.queue.length > 0 ) {

			const url = this.queue.shift();
			const model = this.models.get( url );
			if ( ! model ) continue;
			const generation = this.generation;
			this.active ++;
			model.state = 'loading';
			this.loader.loadAsync( url ).then( ( gltf ) => {

				if ( generation !== this.generation ) {

					disposeModel( { parts: partsOf( gltf.scene ) } );
					return;

				}

				model.parts = partsOf( gltf.scene );
				model.triangles = model.parts.reduce( ( sum, part ) => sum + triangleCount( part.geometry ), 0 );
				model.state = 'ready';
				this._redrawUrl( url );

			} ).catch( ( err ) => {

				if ( generation !== this.generation ) return;
				// a broken model keeps its plinth empty; the reason is in stats() and the console
				model.state = 'failed';
				model.error = String( err && err.message ? err.message : err );
				console.warn( `product model ${url} could not be loaded: ${model.error}` );

			} ).finally( () => {

				if ( generation !== this.generation ) return;
				this.active --;
				this._pump();

			} );

		}

	}

	/** Puts the planned slots of every URL on screen; returns whether anything changed. */
	_draw( wanted ) {

		let changed = false;

		for ( const [ url, entry ] of this.drawn ) {

			if ( wanted.has( url ) ) continue;
			for ( const mesh of entry.meshes ) {

				this.parent.remove( mesh );
				mesh.dispose();

			}

			this.drawn.delete( url );
			changed = true;

		}

		for ( const [ url, slots ] of wanted ) {

			const entry = this.drawn.get( url );
			if ( entry && sameSlots( entry.slots, slots ) ) continue;
			this._pendingSlots( url, slots );
			if ( this._redrawUrl( url ) ) changed = true;

		}

		return changed;

	}

	_pendingSlots( url, slots ) {

		let entry = this.drawn.get( url );
		if ( ! entry ) {

			entry = { meshes: [], slots: [] };
			this.drawn.set( url, entry );

		}

		entry.slots = slots.slice().sort( ( a, b ) => ( a.id < b.id ? - 1 : a.id > b.id ? 1 : 0 ) );

	}

	/** (Re)builds the instanced meshes of one URL from its planned slots, once its model is ready. */
	_redrawUrl( url ) {

		const entry = this.drawn.get( url );
		const model = this.models.get( url );
		if ( ! entry || ! model || model.state !== 'ready' ) return false;

		for ( const mesh of entry.meshes ) {

			this.parent.remove( mesh );
			mesh.dispose();

		}

		entry.meshes = [];
		const scale = fitScale( model.size || ( model.size = sizeOf( model.parts ) ) );

		for ( const part of model.parts ) {

			const mesh = new InstancedMesh( part.geometry, part.material, entry.slots.length );
			mesh.name = `products ${url}`;
			mesh.userData.productModel = url;
			entry.slots.forEach( ( slot, index ) => {

				_q.setFromAxisAngle( _up, slot.turn );
				_s.setScalar( scale( slot.fit ) );
				_slot.compose( _p.set( slot.x, slot.y, slot.z ), _q, _s );
				mesh.setMatrixAt( index, _m.multiplyMatrices( _slot, part.matrix ) );

			} );
			mesh.instanceMatrix.needsUpdate = true;
			mesh.computeBoundingSphere();
			this.parent.add( mesh );
			entry.meshes.push( mesh );

		}

		this.onChange();
		return true;

	}

}

/** The meshes of a loaded model with their matrices relative to its root. */
function partsOf( root ) {

	root.updateMatrixWorld( true );
	const parts = [];
	root.traverse( ( object ) => {

		if ( object.isMesh ) parts.push( { geometry: object.geometry, material: object.material, matrix: object.matrixWorld.clone() } );

	} );
	return parts;

}

/** The size [x, y, z] (m) of a model's parts together. */
function sizeOf( parts ) {

	const min = new Vector3( Infinity, Infinity, Infinity );
	const max = new Vector3( - Infinity, - Infinity, - Infinity );
	for ( const part of parts ) {

		if ( ! part.geometry.boundingBox ) part.geometry.computeBoundingBox();
		const box = part.geometry.boundingBox.clone().applyMatrix4( part.matrix );
		min.min( box.min );
		max.max( box.max );

	}

	return [ max.x - min.x, max.y - min.y, max.z - min.z ];

}

/**
 * The scale that fits a model of `size` [x, y up, z] in a box [width, depth,
 * height]: real size when it fits, smaller when not, never larger.
 */
export function fitScale( size ) {

	return ( fit ) => {

		const [ width, depth, height ] = fit;
		const across = Math.max( size[ 0 ], size[ 2 ], 1e-6 );
		return Math.min( 1, Math.min( width, depth ) / across, height / Math.max( size[ 1 ], 1e-6 ) );

	};

}

function triangleCount( geometry ) {

	const count = geometry.index ? geometry.index.count : geometry.attributes.position.count;
	return Math.floor( count / 3 );

}

function sameSlots( a, b ) {

	if ( a.length !== b.length ) return false;
	const ids = new Set( a.map( ( slot ) => slot.id ) );
	return b.every( ( slot ) => ids.has( slot.id ) );

}

function disposeModel( model ) {

	for ( const part of model.parts || [] ) {

		part.geometry.dispose();
		const materials = Array.isArray( part.material ) ? part.material : [ part.material ];
		for ( const material of materials ) {

			for ( const value of Object.values( material ) ) {

				if ( value && value.isTexture ) value.dispose();

			}

			material.dispose();

		}

	}

}

/** A URI from the GLB (relative to the site root, as the app serves `models/…`) as a URL. */
function resolve( uri ) {

	return new URL( uri, window.location.origin + '/' ).href;

}
