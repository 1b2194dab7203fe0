// Fetching the fair manifest and loading / disposing hall GLBs.

import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';

/** The manifest format this viewer reads. */
export const MANIFEST_FORMAT = 'halllayout/layout@2';

/**
 * Fetches and checks the fair manifest.
 *
 * @param {string} url
 * @return {Promise<Object>} the manifest
 * @throws {Error} with a message fit for the page
 */
export async function fetchManifest( url ) {

	let response;
	try {

		response = await fetch( url, { headers: { Accept: 'application/json' } } );

	} catch ( err ) {

		throw new Error( `Could not reach the server for the fair data (${url}): ${err.message}` );

	}

	if ( ! response.ok ) {

		// the server explains itself as {"error": "..."} (e.g. "no fair built in ...: run halllayout build")
		let reason = `HTTP ${response.status} ${response.statusText}`.trim();
		try {

			const body = await response.json();
			if ( body && typeof body.error === 'string' ) reason += ` — ${body.error}`;

		} catch ( err ) {

			// not JSON: the status line says enough

		}

		throw new Error( `Could not load the fair data (${url}): ${reason}` );

	}

	let manifest;
	try {

		manifest = await response.json();

	} catch ( err ) {

		throw new Error( `The fair data (${url}) is not valid JSON: ${err.message}` );

	}

	if ( manifest === null || typeof manifest !== 'object' || ! Array.isArray( manifest.halls ) ) {

		throw new Error( `The fair data (${url}) has no list of halls.` );

	}

	if ( manifest.format !== MANIFEST_FORMAT ) {

		throw new Error( `The fair data (${url}) has format "${manifest.format}"; this viewer reads "${MANIFEST_FORMAT}".` );

	}

	if ( manifest.halls.length === 0 ) throw new Error( 'This fair has no halls.' );
	if ( ! Array.isArray( manifest.booths ) ) manifest.booths = [];

	return manifest;

}

/**
 * Loads a hall GLB.
 *
 * @param {string} url
 * @param {(loaded: number, total: number) => void} [onProgress] - bytes; total is 0 when unknown
 * @return {Promise<import('three').Group>} the glTF scene
 * @throws {Error} with a message fit for the page
 */
export function loadHall( url, onProgress ) {

	const loader = new GLTFLoader();

	return new Promise( ( resolve, reject ) => {

		loader.load(
			url,
			( gltf ) => resolve( gltf.scene ),
			( event ) => {

				if ( onProgress ) onProgress( event.loaded, event.lengthComputable ? event.total : 0 );

			},
			( err ) => reject( new Error( `Could not load the hall model (${url}): ${describe( err )}` ) )
		);

	} );

}

/**
 * Frees the GPU resources (geometries, materials, textures) of a loaded hall.
 *
 * @param {import('three').Object3D} root
 */
export function disposeHall( root ) {

	const materials = new Set();

	root.traverse( ( object ) => {

		if ( object.geometry ) object.geometry.dispose();

		if ( object.material ) {

			for ( const material of Array.isArray( object.material ) ? object.material : [ object.material ] ) {

				materials.add( material );

			}

		}

	} );

	for ( const material of materials ) {

		for ( const value of Object.values( material ) ) {

			if ( value && value.isTexture ) value.dispose();

		}

		material.dispose();

	}

	root.removeFromParent();

}

function describe( err ) {

	if ( err && err.message ) return err.message;
	if ( err && err.target && err.target.status ) return `HTTP ${err.target.status} ${err.target.statusText || ''}`.trim();
	return String( err );

}
