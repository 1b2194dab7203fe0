// Measuring page (measure.html?glb=URL): how three.js draws one GLB, for benchmarks and tests.
//
// Loads the GLB with GLTFLoader (EXT_mesh_gpu_instancing becomes InstancedMesh; KTX2, Draco and
// meshopt are decoded too), switches frustum culling off on every object so the whole hall is drawn
// whatever the camera sees, renders ONE frame (antialias off) with a camera over the bounding box, and
// publishes `window.measure` (set once, also on failure):
//
//   ok              true when the GLB loaded and a frame was drawn
//   glb             the URL measured
//   calls           renderer.info.render.calls of that frame
//   triangles       renderer.info.render.triangles (instanced: index count / 3 × instances)
//   textures        renderer.info.memory.textures (GPU textures alive after the frame; three's own
//                   DFG lookup texture for PBR materials is one of them)
//   geometries      renderer.info.memory.geometries
//   meshes          Mesh objects in the scene (InstancedMesh included)
//   instancedMeshes InstancedMesh objects; instances: the sum of their counts
//   materials       distinct materials on meshes
//   textureBytes    { total, signage }: GPU memory of every texture a material uses, in bytes
//                   (RGBA8 as three uploads PNG / JPEG: width × height × 4, plus the mip chain, about
//                   a third more, when mipmaps are generated; compressed: the bytes of their levels). "signage" counts textures
//                   of materials whose name contains "sign" (any case). Shared GPU textures once.
//   loadMs          fetch + parse + texture decode (GLTFLoader.loadAsync)
//   renderMs        the one frame, shader compiles and texture uploads included, until the GPU is done
//   gpu             the WebGL renderer string (SwiftShader in headless tests)
//   errors          uncaught errors, rejected promises, console.error, load failure
//   warnings        console.warn (GLTFLoader warns about unknown extensions here)

import {
	Box3,
	DirectionalLight,
	HemisphereLight,
	LinearMipmapLinearFilter,
	LinearMipmapNearestFilter,
	NearestMipmapLinearFilter,
	NearestMipmapNearestFilter,
	PerspectiveCamera,
	Scene,
	Color,
	Vector3,
	WebGLRenderer,
} from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { KTX2Loader } from 'three/addons/loaders/KTX2Loader.js';
import { DRACOLoader } from 'three/addons/loaders/DRACOLoader.js';
import { MeshoptDecoder } from 'three/addons/libs/meshopt_decoder.module.js';

const THREE_LIBS = '/static/vendor/three/examples/jsm/libs/';
/** A material whose name matches holds signage. */
const SIGNAGE = /sign/i;
const MIPMAP_FILTERS = new Set( [
	NearestMipmapNearestFilter,
	NearestMipmapLinearFilter,
	LinearMipmapNearestFilter,
	LinearMipmapLinearFilter,
] );
/** Camera vertical field of view (degrees) and the direction it looks from (above, south, a bit east). */
const FOV = 50;
const VIEW_FROM = new Vector3( 0.3, 1, 0.8 ).normalize();

const errors = [];
const warnings = [];

function text( args ) {

	return args.map( ( a ) => ( a instanceof Error ? a.message : String( a ) ) ).join( ' ' );

}

const consoleError = console.error.bind( console );
const consoleWarn = console.warn.bind( console );
console.error = ( ...args ) => {

	errors.push( text( args ) );
	consoleError( ...args );

};

console.warn = ( ...args ) => {

	warnings.push( text( args ) );
	consoleWarn( ...args );

};

window.addEventListener( 'error', ( event ) => errors.push( `uncaught: ${event.message}` ) );
window.addEventListener( 'unhandledrejection', ( event ) => errors.push( `unhandled rejection: ${text( [ event.reason ] )}` ) );

/** GPU bytes of one texture (see the header). */
function textureBytes( texture ) {

	if ( texture.isCompressedTexture && Array.isArray( texture.mipmaps ) && texture.mipmaps.length > 0 ) {

		return texture.mipmaps.reduce( ( sum, level ) => sum + ( level.data ? level.data.byteLength : 0 ), 0 );

	}

	const image = texture.image || {};
	if ( image.data && image.data.byteLength !== undefined ) return image.data.byteLength; // DataTexture, as given
	let width = image.width || 0, height = image.height || 0;
	let bytes = width * height * ( image.depth || 1 ) * 4;
	if ( texture.generateMipmaps && MIPMAP_FILTERS.has( texture.minFilter ) ) {

		while ( width > 1 || height > 1 ) { // the whole chain down to 1 × 1: about a third more

			width = Math.max( 1, width >> 1 );
			height = Math.max( 1, height >> 1 );
			bytes += width * height * ( image.depth || 1 ) * 4;

		}

	}

	return bytes;

}

/** The key under which WebGLTextures shares one GPU texture between textures of one source. */
function gpuKey( t ) {

	return [ t.source.uuid, t.wrapS, t.wrapT, t.wrapR || 0, t.magFilter, t.minFilter, t.anisotropy, t.internalFormat,
		t.format, t.type, t.generateMipmaps, t.mipmapsAutoUpdate, t.premultiplyAlpha, t.flipY,
		t.unpackAlignment, t.colorSpace ].join();

}

/** Counts of the loaded scene: meshes, instances, materials and texture memory. */
function inventory( root ) {

	const counts = { meshes: 0, instancedMeshes: 0, instances: 0 };
	const materials = new Set();
	root.traverse( ( object ) => {

		if ( ! object.isMesh ) return;
		counts.meshes ++;
		if ( object.isInstancedMesh ) {

			counts.instancedMeshes ++;
			counts.instances += object.count;

		}

		for ( const m of Array.isArray( object.material ) ? object.material : [ object.material ] ) materials.add( m );

	} );

	const textures = new Map(); // GPU key → { bytes, signage }
	for ( const material of materials ) {

		const signage = SIGNAGE.test( material.name || '' );
		for ( const value of Object.values( material ) ) {

			if ( ! value || ! value.isTexture ) continue;
			const key = gpuKey( value );
			const seen = textures.get( key );
			if ( seen ) seen.signage ||= signage;
			else textures.set( key, { bytes: textureBytes( value ), signage } );

		}

	}

	let total = 0, signageBytes = 0;
	for ( const { bytes, signage } of textures.values() ) {

		total += bytes;
		if ( signage ) signageBytes += bytes;

	}

	return { ...counts, materials: materials.size, textureBytes: { total, signage: signageBytes } };

}

/** A camera over the whole of `root`, looking at its centre from VIEW_FROM. */
function overview( root, aspect ) {

	const box = new Box3().setFromObject( root );
	const centre = box.getCenter( new Vector3() );
	const radius = Math.max( box.getSize( new Vector3() ).length() / 2, 1 );
	const distance = radius / Math.sin( ( FOV / 2 ) * Math.PI / 180 );
	const camera = new PerspectiveCamera( FOV, aspect, distance / 100, distance + 2 * radius );
	camera.position.copy( centre ).addScaledVector( VIEW_FROM, distance );
	camera.lookAt( centre );
	return camera;

}

function webglName( renderer ) {

	const gl = renderer.getContext();
	const debug = gl.getExtension( 'WEBGL_debug_renderer_info' );
	return String( gl.getParameter( debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER ) );

}

async function measure( url ) {

	const renderer = new WebGLRenderer( { antialias: false, preserveDrawingBuffer: true } );
	renderer.setPixelRatio( 1 );
	renderer.setSize( window.innerWidth, window.innerHeight );
	document.body.appendChild( renderer.domElement );

	const loader = new GLTFLoader()
		.setKTX2Loader( new KTX2Loader().setTranscoderPath( `${THREE_LIBS}basis/` ).detectSupport( renderer ) )
		.setDRACOLoader( new DRACOLoader().setDecoderPath( `${THREE_LIBS}draco/` ) )
		.setMeshoptDecoder( MeshoptDecoder );

	const loadStart = performance.now();
	const gltf = await loader.loadAsync( url );
	const loadMs = performance.now() - loadStart;

	const scene = new Scene();
	scene.background = new Color( 0xdfe4ea );
	scene.add( new HemisphereLight( 0xffffff, 0x8d8a85, 1.5 ) );
	const sun = new DirectionalLight( 0xffffff, 1.5 );
	sun.position.set( - 40, 80, 30 );
	scene.add( sun );
	scene.add( gltf.scene );
	gltf.scene.traverse( ( object ) => {

		object.frustumCulled = false;

	} );

	const camera = overview( gltf.scene, window.innerWidth / window.innerHeight );
	const renderStart = performance.now();
	renderer.render( scene, camera );
	renderer.getContext().readPixels( 0, 0, 1, 1, WebGL2RenderingContext.RGBA, WebGL2RenderingContext.UNSIGNED_BYTE, new Uint8Array( 4 ) );
	const renderMs = performance.now() - renderStart;

	const { render, memory } = renderer.info;
	return {
		ok: true,
		calls: render.calls,
		triangles: render.triangles,
		textures: memory.textures,
		geometries: memory.geometries,
		...inventory( gltf.scene ),
		loadMs: Math.round( loadMs ),
		renderMs: Math.round( renderMs ),
		gpu: webglName( renderer ),
	};

}

const glb = new URLSearchParams( window.location.search ).get( 'glb' );
let result;
try {

	if ( ! glb ) throw new Error( 'no GLB to measure: open measure.html?glb=URL' );
	result = await measure( glb );

} catch ( err ) {

	errors.push( `could not measure ${glb}: ${err && err.message ? err.message : String( err )}` );
	result = { ok: false };

}

window.measure = { ...result, glb, errors, warnings };
