// The quality switch in the top bar, and the debug overlay (`?debug=1`):
// frame time, frames per second, draw calls and triangles of the last frame,
// what the product streamer has on screen, and the quality in use. With the
// overlay the view is drawn every frame, so the frame time is a real one.

import { onLanguage, t } from './i18n.js';
import { switchQuality } from './quality.js';

/** Frames the figures are averaged over. */
const WINDOW = 60;

/**
 * @param {import('./context.js').ViewerContext} ctx
 */
export function install( ctx ) {

	installQualitySwitch( ctx );
	if ( new URLSearchParams( window.location.search ).get( 'debug' ) === '1' ) installOverlay( ctx );

}

function installQualitySwitch( ctx ) {

	const tools = document.getElementById( 'topbar-tools' );
	if ( ! tools ) return;
	const button = document.createElement( 'button' );
	button.type = 'button';
	button.id = 'quality';
	button.dataset.testid = 'quality';
	const label = () => {

		button.textContent = t( ctx.quality === 'low' ? 'quality.lite_on' : 'quality.lite_off' );
		button.title = t( 'quality.title' );
		button.setAttribute( 'aria-pressed', String( ctx.quality === 'low' ) );

	};

	label();
	onLanguage( label );
	button.addEventListener( 'click', () => switchQuality( ctx.quality === 'low' ? 'high' : 'low' ) );
	tools.prepend( button );

}

function installOverlay( ctx ) {

	const box = document.createElement( 'pre' );
	box.id = 'debug-overlay';
	box.dataset.testid = 'debug';
	box.setAttribute( 'aria-hidden', 'true' );
	document.body.appendChild( box );

	ctx.continuous = true;
	const info = ctx.renderer.info;
	const intervals = [];
	const renders = [];
	let last = null;
	let shown = 0;
	const figures = { frameMs: 0, frameMsMax: 0, fps: 0, renderMs: 0, calls: 0, triangles: 0, frames: 0 };

	ctx.addEventListener( 'rendered', ( event ) => {

		if ( last !== null ) push( intervals, event.timestamp - last );
		last = event.timestamp;
		push( renders, event.ms );
		figures.frames ++;
		figures.calls = info.render.calls;
		figures.triangles = info.render.triangles;
		figures.frameMs = mean( intervals );
		figures.frameMsMax = intervals.length ? Math.max( ...intervals ) : 0;
		figures.fps = figures.frameMs > 0 ? 1000 / figures.frameMs : 0;
		figures.renderMs = mean( renders );

		if ( event.timestamp - shown < 250 ) return; // the text four times a second is plenty
		shown = event.timestamp;
		const products = ctx.viewer.products ? ctx.viewer.products() : null;
		const lines = [
			`${t( 'debug.frame' )} ${figures.frameMs.toFixed( 1 )} ms (max ${figures.frameMsMax.toFixed( 1 )}) · ${figures.fps.toFixed( 0 )} fps`,
			`${t( 'debug.render' )} ${figures.renderMs.toFixed( 1 )} ms`,
			`${t( 'debug.calls' )} ${figures.calls} · ${t( 'debug.triangles' )} ${figures.triangles.toLocaleString( 'en' )}`,
			`${t( 'debug.quality' )} ${ctx.quality}`,
		];
		if ( products ) {

			lines.push( `${t( 'debug.products' )} ${products.levels.full} / ${products.levels.far} / ${products.levels.none} · ${t( 'debug.loading' )} ${products.loading}` );

		}

		box.textContent = lines.join( '\n' );

	} );

	ctx.viewer.debug = () => ( { ...figures } );

}

function push( list, value ) {

	list.push( value );
	if ( list.length > WINDOW ) list.shift();

}

function mean( list ) {

	return list.length ? list.reduce( ( a, b ) => a + b, 0 ) / list.length : 0;

}
