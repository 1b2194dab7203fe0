// Boot: fetch the fair manifest, pick a hall, load it, wire controls,
// picking and HUD together, and run the render loop.

import { Timer, Vector3 } from 'three';

import { buildOctree } from './collision.js';
import { ViewerContext, hallBooths as boothsOfHall } from './context.js';
import { WalkControls } from './controls.js';
import { Hud } from './hud.js';
import { languageSwitch, onLanguage, t, translate } from './i18n.js';
import { FEATURES } from './features.js';
import { disposeHall, fetchManifest, loadHall } from './loading.js';
import { BoothPanel } from './panel.js';
import { BoothHighlight, BoothLabel, BoothPicker } from './picking.js';
import { planToWorld } from './plan.js';
import { chooseQuality, QUALITY_SETTINGS } from './quality.js';
import { Stage } from './stage.js';

const MANIFEST_URL = '/api/fair';

const _v = new Vector3();

/**
 * Test and debugging hook (read it, do not rely on it in production code).
 */
const viewer = {
	/** 'loading' | 'ready' | 'error' */
	state: 'loading',
	/** error message when state is 'error', else null */
	error: null,
	/** id of the hall shown or being loaded */
	hallId: null,
	/** manifest booths of that hall */
	booths: [],
	/** frames rendered so far (the view is re-rendered only when something changed) */
	frames: 0,
	/** camera world position [x, y, z] (m) */
	position: () => [ 0, 0, 0 ],
	/** screen position [x, y] in CSS px of plan point (x, y) at height h (m), or null behind the camera */
	projectPlanPoint: () => null,
	/** puts the walker on the floor at plan point (x, y), looking along plan direction heading [dx, dy] */
	teleport: () => {},
};
window.halllayoutViewer = viewer;

translate( document );
languageSwitch( document.getElementById( 'language' ) );
const hud = new Hud( document );

// ask for the manifest first: creating the renderer and environment map takes a while
const manifestRequest = fetchManifest( MANIFEST_URL );
manifestRequest.catch( () => {} ); // handled in boot(); no unhandled-rejection noise if WebGL fails first

// low-end mode (smaller canvas, no antialias, shorter sight and product distances) on weak devices
const quality = chooseQuality();

let stage;
try {

	stage = new Stage( document.getElementById( 'viewport' ), QUALITY_SETTINGS[ quality.level ] );

} catch ( err ) {

	fail( t( 'hud.no_webgl', { reason: err.message } ) );

}

if ( stage ) boot();

function fail( message ) {

	viewer.state = 'error';
	viewer.error = message;
	hud.showError( message );

}

function boot() {

	const { camera, scene, renderer } = stage;
	const canvas = renderer.domElement;

	const controls = new WalkControls( camera, canvas );
	const picker = new BoothPicker( camera );
	const highlight = new BoothHighlight();
	scene.add( highlight );
	const label = new BoothLabel( document.getElementById( 'booth-label' ) );
	const timer = new Timer();
	timer.connect( document );

	// what the feature modules share (see context.js)
	const ctx = new ViewerContext( { stage, controls, viewer } );
	ctx.quality = quality.level;
	viewer.quality = () => ( { ...quality } );
	ctx._render = () => {

		needsRender = true;

	};
	ctx._openBooth = ( booth ) => openPanel( booth );
	ctx._closeBooth = () => closePanel();
	ctx._switchHall = ( id ) => switchHall( id );
	onLanguage( ( lang ) => {

		needsRender = true;
		ctx.emit( 'language', { lang } );

	} );
	const panel = new BoothPanel( document.getElementById( 'booth-panel' ), ctx );
	panel.closeButton.addEventListener( 'click', () => ctx.emit( 'booth-close' ) );
	for ( const install of FEATURES ) install( ctx );

	let manifest = null;
	let hallRoot = null;
	let loadToken = 0;
	let readyAfterFrame = null; // set when a hall is walkable; 'ready' once a frame is rendered after it
	let hallStarted = 0; // performance.now() when the hall on show was asked for

	// pointer in CSS px, and whether the hover needs recomputing
	const pointer = { x: 0, y: 0, inside: false };
	let hoverDirty = true;

	// render on demand: only when the view changed (saves battery, and CPU with software WebGL)
	let needsRender = true;
	window.addEventListener( 'resize', () => {

		needsRender = true;

	} );

	// hooks

	viewer.position = () => [ camera.position.x, camera.position.y, camera.position.z ];

	viewer.projectPlanPoint = ( x, y, h = 0 ) => {

		camera.updateMatrixWorld();
		planToWorld( x, y, h, _v ).project( camera );
		if ( _v.z > 1 || _v.z < - 1 ) return null;
		const rect = canvas.getBoundingClientRect();
		return [ rect.left + ( _v.x + 1 ) / 2 * rect.width, rect.top + ( 1 - _v.y ) / 2 * rect.height ];

	};

	viewer.teleport = ( x, y, heading ) => {

		controls.teleport( x, y, heading );
		hoverDirty = true;

	};

	// events

	controls.addEventListener( 'change', () => {

		hoverDirty = true;
		needsRender = true;

	} );

	controls.addEventListener( 'lock', () => {

		hud.setLocked( true );
		hoverDirty = true;

	} );

	controls.addEventListener( 'unlock', () => {

		hud.setLocked( false );
		pointer.inside = false; // the pointer reappears where it was locked; wait for it to move
		hoverDirty = true;

	} );

	canvas.addEventListener( 'pointermove', ( event ) => {

		if ( controls.isLocked ) return;
		pointer.x = event.clientX;
		pointer.y = event.clientY;
		pointer.inside = true;
		hoverDirty = true;

	} );

	canvas.addEventListener( 'pointerleave', () => {

		pointer.inside = false;
		hoverDirty = true;

	} );

	// a click (or tap) on a booth opens its panel; on the floor of an aisle it
	// walks there (clickmove.js); a press that turned into a drag turned the view
	canvas.addEventListener( 'click', ( event ) => {

		if ( viewer.state !== 'ready' || controls.dragged ) return;

		const booth = controls.isLocked ? pickCentre() : pickAt( event.clientX, event.clientY );
		if ( booth ) openPanel( booth );

	} );

	// mouse look with the pointer locked: double-click or L; Esc releases it
	canvas.addEventListener( 'dblclick', () => {

		if ( viewer.state === 'ready' && ! controls.isLocked ) controls.lock();

	} );

	document.addEventListener( 'keydown', ( event ) => {

		if ( event.ctrlKey || event.metaKey || event.altKey ) return;
		if ( event.target instanceof Element && event.target.closest( 'input, select, textarea, button, a' ) ) return;

		if ( event.code === 'Escape' && panel.isOpen ) {

			closePanel();

		} else if ( event.code === 'KeyL' && viewer.state === 'ready' ) {

			controls.toggleLock();

		} else if ( ( event.code === 'KeyE' || event.code === 'Enter' || event.code === 'NumpadEnter' ) && highlight.booth ) {

			openPanel( highlight.booth );
			event.preventDefault();

		}

	} );

	// render loop

	renderer.setAnimationLoop( ( timestamp ) => {

		timer.update( timestamp );
		const delta = timer.getDelta();
		controls.update( delta );
		ctx.emit( 'frame', { delta } );

		if ( hoverDirty ) {

			hoverDirty = false;
			updateHover();

		}

		if ( needsRender || readyAfterFrame !== null || ctx.continuous || renderer.xr.isPresenting ) {

			needsRender = false;
			const started = performance.now();
			stage.render();
			viewer.frames ++;
			ctx.emit( 'rendered', { ms: performance.now() - started, timestamp } );

		}

		if ( readyAfterFrame !== null && viewer.frames > readyAfterFrame ) {

			readyAfterFrame = null;
			viewer.state = 'ready';
			viewer.timings.ready = performance.now() - hallStarted;
			hud.hideOverlay();
			hud.showPreparing( null );

		}

	} );

	function openPanel( booth ) {

		panel.open( booth );
		ctx.emit( 'booth-open', { booth } );

	}

	function closePanel() {

		if ( ! panel.isOpen ) return;
		panel.close();
		ctx.emit( 'booth-close' );

	}

	function pickAt( clientX, clientY ) {

		const rect = canvas.getBoundingClientRect();
		camera.updateMatrixWorld();
		return picker.pick(
			( clientX - rect.left ) / rect.width * 2 - 1,
			- ( clientY - rect.top ) / rect.height * 2 + 1
		);

	}

	function pickCentre() {

		camera.updateMatrixWorld();
		return picker.pick( 0, 0 );

	}

	function updateHover() {

		let booth = null;
		let x = 0, y = 0;

		if ( viewer.state === 'ready' || readyAfterFrame !== null ) {

			if ( controls.isLocked ) {

				booth = pickCentre();
				const rect = canvas.getBoundingClientRect();
				x = rect.left + rect.width / 2;
				y = rect.top + rect.height / 2;

			} else if ( pointer.inside ) {

				booth = pickAt( pointer.x, pointer.y );
				x = pointer.x;
				y = pointer.y;

			}

		}

		if ( booth !== highlight.booth ) {

			highlight.show( booth );
			needsRender = true;

		}
		label.show( booth, x, y );
		canvas.style.cursor = booth && ! controls.isLocked ? 'pointer' : '';

	}

	// halls

	function hallBooths( hall ) {

		return boothsOfHall( manifest, hall );

	}

	function unloadHall() {

		if ( ctx.hall !== null ) ctx.emit( 'hall-unload', { hall: ctx.hall } );
		ctx.hall = null;
		ctx.booths = [];
		ctx.hallRoot = null;
		ctx.octree = null;
		readyAfterFrame = null;
		controls.octree = null;
		picker.setHall( null, [] );
		closePanel();
		highlight.show( null );
		label.hide();

		if ( hallRoot !== null ) {

			disposeHall( hallRoot );
			hallRoot = null;

		}

		needsRender = true;

	}

	async function showHall( hall ) {

		const token = ++ loadToken;

		unloadHall();
		viewer.state = 'loading';
		viewer.error = null;
		viewer.hallId = hall.id;
		viewer.booths = hallBooths( hall );
		hud.setCurrentHall( hall );
		hud.showLoading( t( 'hud.loading_hall', { hall: hall.name || hall.id } ) );
		const started = performance.now();
		hallStarted = started;
		viewer.timings = {};

		let root;
		try {

			root = await loadHall( hall.glb || `/halls/${encodeURIComponent( hall.id )}.glb`, ( loaded, total ) => {

				if ( token === loadToken ) hud.setProgress( loaded, total );

			} );

		} catch ( err ) {

			if ( token === loadToken ) fail( err.message );
			return;

		}

		if ( token !== loadToken ) {

			disposeHall( root );
			return;

		}

		viewer.timings.loaded = performance.now() - started;

		const anisotropy = Math.min( 8, stage.maxAnisotropy );
		root.traverse( ( object ) => {

			if ( ! object.isMesh ) return;
			const material = object.material;
			if ( material && material.map ) material.map.anisotropy = anisotropy;

		} );

		// the shell first: stand at the spawn point and draw a frame, then make the hall walkable
		hallRoot = root;
		scene.add( root );
		controls.spawn = spawnOf( hall );
		controls.respawn();
		needsRender = true;
		const drawn = viewer.frames;
		await new Promise( ( resolve ) => {

			const wait = () => ( viewer.frames > drawn ? resolve() : requestAnimationFrame( wait ) );
			requestAnimationFrame( wait );

		} );

		if ( token !== loadToken ) return; // unloadHall() took the root away already

		viewer.timings.shellVisible = performance.now() - started;
		hud.hideOverlay();
		hud.showPreparing( t( 'hud.preparing' ) );
		await new Promise( ( resolve ) => requestAnimationFrame( resolve ) ); // let the message paint
		if ( token !== loadToken ) return;

		const octree = buildOctree( root );
		controls.octree = octree;
		controls.respawn();
		picker.setHall( octree, viewer.booths );
		hoverDirty = true;

		ctx.hall = hall;
		ctx.booths = viewer.booths;
		ctx.hallRoot = root;
		ctx.octree = octree;
		ctx.emit( 'hall', { hall, booths: viewer.booths, root, octree } );

		readyAfterFrame = viewer.frames;

	}

	function switchHall( id ) {

		const hall = manifest.halls.find( ( h ) => h.id === id );
		if ( ! hall ) return;

		const url = new URL( window.location.href );
		url.searchParams.set( 'hall', id );
		window.history.replaceState( null, '', url );

		showHall( hall );

	}

	// start

	( async () => {

		try {

			manifest = await manifestRequest;

		} catch ( err ) {

			fail( err.message );
			return;

		}

		ctx.manifest = manifest;
		ctx.emit( 'manifest', { manifest } );
		hud.setFair( manifest.fair && manifest.fair.name );
		hud.setHalls( manifest.halls, switchHall );

		const wanted = new URLSearchParams( window.location.search ).get( 'hall' );
		const hall = wanted === null ? manifest.halls[ 0 ] : manifest.halls.find( ( h ) => h.id === wanted );

		if ( ! hall ) {

			hud.setCurrentHall( null );
			viewer.hallId = wanted;
			const known = manifest.halls.map( ( h ) => h.id ).join( ', ' );
			fail( t( 'hud.no_hall', { hall: wanted, known } ) );
			return;

		}

		showHall( hall );

	} )();

}

/**
 * Where to start in a hall: the manifest's spawn, else a few metres inside
 * the first entrance facing the middle, else the middle of the outline.
 */
function spawnOf( hall ) {

	if ( hall.spawn && Array.isArray( hall.spawn.at ) ) {

		return { at: hall.spawn.at, heading: hall.spawn.heading || [ 0, 1 ] };

	}

	const outline = Array.isArray( hall.outline ) && hall.outline.length > 0 ? hall.outline : [ [ 0, 0 ] ];
	const cx = outline.reduce( ( s, p ) => s + p[ 0 ], 0 ) / outline.length;
	const cy = outline.reduce( ( s, p ) => s + p[ 1 ], 0 ) / outline.length;

	const entrance = Array.isArray( hall.entrances ) ? hall.entrances[ 0 ] : null;

	if ( entrance ) {

		const [ ex, ey ] = entrance.at;
		const length = Math.hypot( cx - ex, cy - ey ) || 1;
		const dx = ( cx - ex ) / length, dy = ( cy - ey ) / length;
		return { at: [ ex + dx * 4, ey + dy * 4 ], heading: [ dx, dy ] };

	}

	return { at: [ cx, cy ], heading: [ 0, 1 ] };

}
