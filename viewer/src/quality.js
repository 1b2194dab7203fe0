// High or low quality: the low-end mode draws a smaller canvas without
// antialiasing, sees less far (fog hides the cut) and streams products over
// shorter distances. Chosen from `?quality=low|high`, then the visitor's last
// choice, then automatically: low on weak devices (software WebGL, two cores
// or fewer, at most 2 GB of memory, or a small touch screen with four cores
// or fewer).

const STORAGE_KEY = 'halllayout.quality';
export const QUALITIES = Object.freeze( [ 'high', 'low' ] );

/** What each quality sets on the stage (stage.js). */
export const QUALITY_SETTINGS = Object.freeze( {
	high: Object.freeze( { antialias: true, maxPixelRatio: 2, far: 600, fog: null, anisotropy: 8 } ),
	low: Object.freeze( { antialias: false, maxPixelRatio: 1, far: 160, fog: [ 70, 150 ], anisotropy: 1 } ),
} );

/**
 * The quality to start with, and why.
 *
 * @return {{level: 'high'|'low', chosen: 'asked'|'saved'|'auto', reasons: string[]}}
 */
export function chooseQuality() {

	const asked = new URLSearchParams( window.location.search ).get( 'quality' );
	if ( QUALITIES.includes( asked ) ) return { level: asked, chosen: 'asked', reasons: [] };

	try {

		const saved = window.localStorage.getItem( STORAGE_KEY );
		if ( QUALITIES.includes( saved ) ) return { level: saved, chosen: 'saved', reasons: [] };

	} catch ( err ) {

		// storage blocked: decide from the device

	}

	const reasons = weakDevice();
	return { level: reasons.length > 0 ? 'low' : 'high', chosen: 'auto', reasons };

}

/**
 * Why this device counts as weak (empty when it does not).
 *
 * @return {string[]}
 */
export function weakDevice() {

	const reasons = [];
	const cores = navigator.hardwareConcurrency || 0;
	if ( cores > 0 && cores <= 2 ) reasons.push( `${cores} CPU cores` );
	if ( navigator.deviceMemory && navigator.deviceMemory <= 2 ) reasons.push( `${navigator.deviceMemory} GB memory` );
	const touch = window.matchMedia && window.matchMedia( '(pointer: coarse)' ).matches;
	if ( touch && Math.min( window.screen.width, window.screen.height ) < 500 && cores > 0 && cores <= 4 ) {

		reasons.push( 'small touch screen with few cores' );

	}

	const gpu = rendererName();
	if ( /swiftshader|llvmpipe|software/i.test( gpu ) ) reasons.push( `software rendering (${gpu})` );
	return reasons;

}

/**
 * Remembers the visitor's choice and reloads the page with it (antialiasing
 * can only be chosen when the WebGL context is made).
 *
 * @param {'high'|'low'} level
 */
export function switchQuality( level ) {

	try {

		window.localStorage.setItem( STORAGE_KEY, level );

	} catch ( err ) {

		// not saved: the URL carries it

	}

	const url = new URL( window.location.href );
	url.searchParams.set( 'quality', level );
	window.location.assign( url.href );

}

function rendererName() {

	try {

		const gl = document.createElement( 'canvas' ).getContext( 'webgl2' );
		if ( ! gl ) return '';
		const info = gl.getExtension( 'WEBGL_debug_renderer_info' );
		const name = info ? gl.getParameter( info.UNMASKED_RENDERER_WEBGL ) : gl.getParameter( gl.RENDERER );
		const lose = gl.getExtension( 'WEBGL_lose_context' );
		if ( lose ) lose.loseContext();
		return String( name || '' );

	} catch ( err ) {

		return '';

	}

}
