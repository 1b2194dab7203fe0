// Renderer, scene, camera and lights.

import {
	NeutralToneMapping,
	Color,
	DirectionalLight,
	Fog,
	HemisphereLight,
	PerspectiveCamera,
	PMREMGenerator,
	Scene,
	SRGBColorSpace,
	WebGLRenderer,
} from 'three';
import { RoomEnvironment } from 'three/addons/environments/RoomEnvironment.js';

import { onLanguage, t } from './i18n.js';

export class Stage {

	/**
	 * @param {HTMLElement} container - element the canvas goes into
	 * @param {{antialias: boolean, maxPixelRatio: number, far: number, fog: number[]|null, anisotropy: number}} [quality]
	 *   what quality.js sets (high quality by default)
	 */
	constructor( container, quality = { antialias: true, maxPixelRatio: 2, far: 600, fog: null, anisotropy: 8 } ) {

		this.container = container;

		/** Camera vertical field of view (degrees). */
		this.fov = 70;

		/** Near and far clipping planes (m). */
		this.near = 0.05;
		this.far = quality.far;

		/** Most anisotropic filtering used on textures (1 in low-end mode). */
		this.anisotropy = quality.anisotropy;

		/** Strength of the RoomEnvironment image-based light (0–1). */
		this.environmentIntensity = 0.35;

		this.renderer = new WebGLRenderer( { antialias: quality.antialias } );
		this.renderer.setPixelRatio( Math.min( window.devicePixelRatio, quality.maxPixelRatio ) );
		this.renderer.setSize( container.clientWidth, container.clientHeight );
		this.renderer.outputColorSpace = SRGBColorSpace;
		this.renderer.toneMapping = NeutralToneMapping;
		this.renderer.toneMappingExposure = 1.0;
		this.renderer.domElement.tabIndex = 0; // focusable, so keyboard users land on the 3D view
		this.renderer.domElement.dataset.testid = 'canvas';
		this.renderer.domElement.setAttribute( 'aria-label', t( 'page.canvas' ) );
		onLanguage( () => this.renderer.domElement.setAttribute( 'aria-label', t( 'page.canvas' ) ) );
		container.appendChild( this.renderer.domElement );

		this.scene = new Scene();
		this.scene.background = new Color( 0xdfe4ea );
		// low-end mode sees less far: fog in the background colour hides where the view stops
		if ( quality.fog ) this.scene.fog = new Fog( 0xdfe4ea, quality.fog[ 0 ], quality.fog[ 1 ] );

		this.camera = new PerspectiveCamera( this.fov, container.clientWidth / container.clientHeight, this.near, this.far );
		this.camera.rotation.order = 'YXZ';
		this.camera.position.set( 0, 1.6, 0 );

		// hall interiors: bright sky-ish light from above, darker floor bounce
		const hemisphere = new HemisphereLight( 0xffffff, 0x8d8a85, 0.7 );
		hemisphere.position.set( 0, 20, 0 );
		this.scene.add( hemisphere );

		// a key light from high up at an angle, so walls facing different ways differ in shade (no shadows)
		const sun = new DirectionalLight( 0xffffff, 0.9 );
		sun.position.set( - 40, 80, 30 );
		this.scene.add( sun );

		// image-based lighting so PBR (metallic / roughness) materials look right
		const pmrem = new PMREMGenerator( this.renderer );
		const room = new RoomEnvironment();
		this.environment = pmrem.fromScene( room, 0.04 ).texture;
		this.scene.environment = this.environment;
		this.scene.environmentIntensity = this.environmentIntensity;
		room.dispose();
		pmrem.dispose();

		this._onResize = this.resize.bind( this );
		window.addEventListener( 'resize', this._onResize );

	}

	/** Maximum anisotropic filtering the GPU offers (for fascia text at grazing angles). */
	get maxAnisotropy() {

		return Math.min( this.anisotropy, this.renderer.capabilities.getMaxAnisotropy() );

	}

	resize() {

		const width = this.container.clientWidth;
		const height = this.container.clientHeight;
		this.camera.aspect = width / height;
		this.camera.updateProjectionMatrix();
		this.renderer.setSize( width, height );

	}

	render() {

		this.renderer.render( this.scene, this.camera );

	}

	dispose() {

		window.removeEventListener( 'resize', this._onResize );
		this.renderer.setAnimationLoop( null );
		this.environment.dispose();
		this.renderer.dispose();

	}

}
