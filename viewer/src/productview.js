// The product viewer: one exhibitor's product in a modal over the hall, to
// turn round (drag), zoom (wheel or pinch) and put back (Reset view), with
// its real size. It has its own small WebGLRenderer while open; closing it
// disposes the model, the environment map and the renderer, and loses the
// WebGL context, so no second context outlives it.

import {
	Box3,
	Color,
	NeutralToneMapping,
	PerspectiveCamera,
	PMREMGenerator,
	Scene,
	SRGBColorSpace,
	Vector3,
	WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { RoomEnvironment } from 'three/addons/environments/RoomEnvironment.js';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';

import { t } from './i18n.js';

const _box = new Box3();
const _size = new Vector3();
const _centre = new Vector3();

/**
 * "0.42 × 0.30 × 0.25 m" from a size [x, y, z] in metres (width, height, depth).
 *
 * @param {number[]} size
 * @return {string}
 */
export function sizeText( size ) {

	return t( 'product.size_value', {
		width: size[ 0 ].toFixed( 2 ),
		height: size[ 1 ].toFixed( 2 ),
		depth: size[ 2 ].toFixed( 2 ),
	} );

}

/**
 * A modal orbit viewer for one product model at a time.
 */
export class ProductViewer {

	/**
	 * @param {Document} doc
	 */
	constructor( doc ) {

		this.doc = doc;

		/** Vertical field of view (degrees). */
		this.fov = 40;

		/** Room left around the model's bounding sphere when the view starts (1 = touching the edges). */
		this.margin = 1.15;

		/** 'closed' | 'loading' | 'ready' | 'error' */
		this.state = 'closed';

		this._parts = null; // what exists while open: elements, renderer, scene, camera, controls
		this._token = 0;
		this._returnFocus = null;

		/** Read-only view for tests and debugging (window.halllayoutViewer.productViewer). */
		const viewer = this;
		this.hook = {
			get state() {

				return viewer.state;

			},
			/** WebGL renderers alive in the product viewer: 1 while open, 0 once closed */
			get renderers() {

				return viewer._parts && viewer._parts.renderer ? 1 : 0;

			},
			/** camera position [x, y, z] (m, the model centred on the origin), or null */
			cameraPosition() {

				const parts = viewer._parts;
				return parts ? parts.camera.position.toArray() : null;

			},
			/** frames drawn since it opened */
			get frames() {

				return viewer._parts ? viewer._parts.frames : 0;

			},
		};

	}

	get isOpen() {

		return this._parts !== null;

	}

	/**
	 * Opens the viewer on a product.
	 *
	 * @param {Object} product
	 * @param {string} product.name - untrusted text
	 * @param {string} product.model - URL of the GLB
	 * @param {number[]} [product.size] - [width, height, depth] in metres; else measured from the model
	 * @param {HTMLElement} [returnFocus] - gets the focus back on close
	 */
	open( product, returnFocus = null ) {

		this.close();
		this._returnFocus = returnFocus;
		const token = ++ this._token;

		const parts = this._build( product );
		this._parts = parts;
		this.state = 'loading';
		parts.dialog.dataset.state = 'loading';
		parts.status.textContent = t( 'product.loading' );
		parts.closeButton.focus( { preventScroll: true } );

		if ( Array.isArray( product.size ) && product.size.length === 3 && product.size.every( Number.isFinite ) ) {

			parts.size.textContent = sizeText( product.size );

		}

		const loader = new GLTFLoader();
		loader.load( product.model, ( gltf ) => {

			if ( token !== this._token ) {

				disposeObject( gltf.scene );
				return;

			}

			this._show( gltf.scene );

		}, ( event ) => {

			if ( token !== this._token || ! event.lengthComputable || event.total === 0 ) return;
			parts.status.textContent = t( 'product.loading_percent', { percent: Math.round( event.loaded / event.total * 100 ) } );

		}, ( err ) => {

			if ( token !== this._token ) return;
			this.state = 'error';
			parts.dialog.dataset.state = 'error';
			parts.status.classList.add( 'error' );
			parts.status.textContent = t( 'product.failed', { reason: err && err.message ? err.message : String( err ) } );

		} );

	}

	/** Puts the camera back where it started. */
	resetView() {

		if ( this._parts === null || this._parts.controls === null ) return;
		this._parts.controls.reset();
		this._requestRender();

	}

	/** Closes the viewer and frees its model, environment map, renderer and WebGL context. */
	close() {

		const parts = this._parts;
		if ( parts === null ) return;

		this._token ++;
		this._parts = null;
		this.state = 'closed';

		cancelAnimationFrame( parts.frame );
		parts.resizeObserver.disconnect();
		if ( parts.controls ) parts.controls.dispose();
		if ( parts.model ) disposeObject( parts.model );
		parts.environment.dispose();
		parts.renderer.dispose();
		parts.renderer.forceContextLoss();
		parts.renderer = null;
		parts.backdrop.remove();

		const back = this._returnFocus;
		this._returnFocus = null;
		if ( back && back.isConnected ) back.focus( { preventScroll: true } );

	}

	_build( product ) {

		const doc = this.doc;
		const element = ( tag, className ) => {

			const e = doc.createElement( tag );
			if ( className ) e.className = className;
			return e;

		};

		const backdrop = element( 'div', 'product-viewer-backdrop' );
		const dialog = element( 'div', 'product-viewer' );
		dialog.dataset.testid = 'product-viewer';
		dialog.setAttribute( 'role', 'dialog' );
		dialog.setAttribute( 'aria-modal', 'true' );
		dialog.id = 'product-viewer';

		const title = element( 'h2' );
		title.id = 'product-viewer-title';
		title.textContent = product.name;
		dialog.setAttribute( 'aria-labelledby', title.id );

		const closeButton = element( 'button', 'product-viewer-close' );
		closeButton.type = 'button';
		closeButton.textContent = '×';
		closeButton.title = t( 'product.close' );
		closeButton.setAttribute( 'aria-label', t( 'product.close' ) );

		const view = element( 'div', 'product-viewer-view' );
		const status = element( 'p', 'product-viewer-status' );
		status.setAttribute( 'role', 'status' );
		const footer = element( 'div', 'product-viewer-footer' );
		const size = element( 'span', 'product-viewer-size' );
		size.dataset.testid = 'product-size';
		const resetButton = element( 'button', 'product-viewer-reset' );
		resetButton.type = 'button';
		resetButton.textContent = t( 'product.reset' );
		const help = element( 'span', 'product-viewer-help' );
		help.textContent = t( 'product.help' );
		footer.append( size, help, resetButton );

		dialog.append( closeButton, title, view, status, footer );
		backdrop.appendChild( dialog );
		doc.body.appendChild( backdrop );

		const renderer = new WebGLRenderer( { antialias: true } );
		renderer.setPixelRatio( Math.min( window.devicePixelRatio, 2 ) );
		renderer.outputColorSpace = SRGBColorSpace;
		renderer.toneMapping = NeutralToneMapping;
		renderer.domElement.setAttribute( 'aria-label', t( 'product.canvas', { product: product.name } ) );
		view.appendChild( renderer.domElement );

		const scene = new Scene();
		scene.background = new Color( 0xeef1f4 );
		const pmrem = new PMREMGenerator( renderer );
		const room = new RoomEnvironment();
		const environment = pmrem.fromScene( room, 0.04 ).texture;
		room.dispose();
		pmrem.dispose();
		scene.environment = environment;

		const camera = new PerspectiveCamera( this.fov, 1, 0.01, 100 );

		const parts = {
			backdrop, dialog, closeButton, status, size, view,
			renderer, scene, camera, environment,
			controls: null, model: null, frame: 0, frames: 0,
			resizeObserver: null,
		};

		const resize = () => {

			const width = Math.max( 1, view.clientWidth ), height = Math.max( 1, view.clientHeight );
			renderer.setSize( width, height, false );
			camera.aspect = width / height;
			camera.updateProjectionMatrix();
			this._requestRender();

		};

		parts.resizeObserver = new ResizeObserver( resize );
		parts.resizeObserver.observe( view );

		closeButton.addEventListener( 'click', () => this.close() );
		resetButton.addEventListener( 'click', () => this.resetView() );
		backdrop.addEventListener( 'pointerdown', ( event ) => {

			if ( event.target === backdrop ) this.close();

		} );

		dialog.addEventListener( 'keydown', ( event ) => {

			event.stopPropagation(); // keys here are not for the walker or the booth panel

			if ( event.code === 'Escape' ) {

				event.preventDefault();
				this.close();

			} else if ( event.code === 'Tab' ) {

				trapTab( dialog, event );

			}

		} );

		// keys typed here must not walk the visitor through the hall
		dialog.addEventListener( 'keyup', ( event ) => event.stopPropagation() );

		return parts;

	}

	_show( model ) {

		const parts = this._parts;
		parts.model = model;

		_box.setFromObject( model );
		_box.getSize( _size );
		_box.getCenter( _centre );
		model.position.sub( _centre );
		parts.scene.add( model );

		if ( parts.size.textContent === '' ) parts.size.textContent = sizeText( _size.toArray() );

		const radius = Math.max( _size.length() / 2, 0.01 );
		const camera = parts.camera;
		camera.near = radius / 100;
		camera.far = radius * 100;
		// the whole bounding sphere in view across the narrower of the two fields of view (phones in portrait)
		const half = Math.min( camera.fov, 2 * Math.atan( Math.tan( camera.fov * Math.PI / 360 ) * camera.aspect ) * 180 / Math.PI ) * Math.PI / 360;
		camera.position.set( 0.8, 0.5, 1 ).normalize().multiplyScalar( radius * this.margin / Math.sin( half ) );
		camera.lookAt( 0, 0, 0 );
		camera.updateProjectionMatrix();

		const controls = new OrbitControls( camera, parts.renderer.domElement );
		controls.enablePan = false;
		controls.minDistance = radius * 0.8;
		controls.maxDistance = radius * 8;
		controls.target.set( 0, 0, 0 );
		controls.update();
		controls.saveState();
		controls.addEventListener( 'change', () => this._requestRender() );
		parts.controls = controls;

		parts.status.textContent = '';
		this.state = 'ready';
		parts.dialog.dataset.state = 'ready';
		this._requestRender();

	}

	_requestRender() {

		const parts = this._parts;
		if ( parts === null || parts.frame !== 0 ) return;

		parts.frame = requestAnimationFrame( () => {

			parts.frame = 0;
			if ( parts.renderer === null ) return;
			parts.renderer.render( parts.scene, parts.camera );
			parts.frames ++;

		} );

	}

}

/** Keeps Tab and Shift+Tab inside a modal dialog. */
function trapTab( dialog, event ) {

	const focusable = [ ...dialog.querySelectorAll( 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])' ) ]
		.filter( ( e ) => ! e.disabled && e.offsetParent !== null );
	if ( focusable.length === 0 ) return;
	const first = focusable[ 0 ], last = focusable[ focusable.length - 1 ];
	const active = dialog.ownerDocument.activeElement;

	if ( event.shiftKey && active === first ) {

		last.focus();
		event.preventDefault();

	} else if ( ! event.shiftKey && active === last ) {

		first.focus();
		event.preventDefault();

	}

}

/** Disposes every geometry, material and texture under an object. */
function disposeObject( root ) {

	root.traverse( ( object ) => {

		if ( object.geometry ) object.geometry.dispose();
		const materials = Array.isArray( object.material ) ? object.material : object.material ? [ object.material ] : [];

		for ( const material of materials ) {

			for ( const value of Object.values( material ) ) {

				if ( value && value.isTexture ) value.dispose();

			}

			material.dispose();

		}

	} );

}
