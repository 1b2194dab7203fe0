// Zooming and panning the organiser console's plan editor: the mouse wheel
// zooms about the pointer, dragging the empty floor pans, two fingers pinch,
// and +, − and 0 (fit) work while the plan has focus. The view is the SVG's
// viewBox, `[x, y, width, height]` in SVG units (metres, SVG y = −plan y),
// drawn with the default `xMidYMid meet`; zooming keeps its shape, so the
// element keeps its size.
//
// Its geometry is pure functions, tested under node; `PlanView` wires them to
// one `<svg>` and calls `onChange()` after every change of the view.

/** Each step of the + and − buttons and keys zooms by this factor. */
export const ZOOM_STEP = 1.25;
/** The wheel zooms by exp(−deltaY × this) (deltaY in px; one notch is about 100 px). */
export const WHEEL_RATE = 0.002;
/** The narrowest view: this many metres across. */
export const MIN_VIEW_M = 6;
/** Labels are drawn this many screen px high, smaller only down to LABEL_MIN_PX, else hidden. */
export const LABEL_PX = 13;
export const LABEL_MIN_PX = 8;
/** A label's width per character, in font heights (digits and capitals of a sans-serif). */
const CHAR_WIDTH = 0.62;

const ZOOM_KEYS = { '+': ZOOM_STEP, '=': ZOOM_STEP, '-': 1 / ZOOM_STEP, '_': 1 / ZOOM_STEP };

/** The view showing all of `outline` ([[x, y], ...] in plan metres) with `margin` m around it. */
export function fitBox( outline, margin = 1 ) {

	const xs = outline.map( ( p ) => p[ 0 ] );
	const ys = outline.map( ( p ) => p[ 1 ] );
	const [ x0, y0 ] = [ Math.min( ...xs ) - margin, Math.min( ...ys ) - margin ];
	const [ x1, y1 ] = [ Math.max( ...xs ) + margin, Math.max( ...ys ) + margin ];
	return [ x0, - y1, x1 - x0, y1 - y0 ];

}

/**
 * How `box` is drawn in an element of `size` [width, height] px (xMidYMid meet):
 * `{scale, dx, dy}`, screen px = dx + scale × svg x, dy + scale × svg y.
 */
export function meetTransform( box, size ) {

	const scale = Math.min( size[ 0 ] / box[ 2 ], size[ 1 ] / box[ 3 ] );
	return {
		scale,
		dx: ( size[ 0 ] - box[ 2 ] * scale ) / 2 - box[ 0 ] * scale,
		dy: ( size[ 1 ] - box[ 3 ] * scale ) / 2 - box[ 1 ] * scale,
	};

}

/** The plan point (m, y north) at `offset` [x, y] px from the element's top-left corner. */
export function screenToPlan( box, size, offset ) {

	const { scale, dx, dy } = meetTransform( box, size );
	return [ ( offset[ 0 ] - dx ) / scale, - ( offset[ 1 ] - dy ) / scale ];

}

/** Where plan point `point` (m, y north) is drawn, in px from the element's top-left corner. */
export function planToScreen( box, size, point ) {

	const { scale, dx, dy } = meetTransform( box, size );
	return [ dx + point[ 0 ] * scale, dy - point[ 1 ] * scale ];

}

/**
 * `box` zoomed in by `factor` (< 1 zooms out) keeping the plan point `at`
 * (m, y north) where it is on screen; never narrower than `minWidth` m nor
 * wider than `fit`, the whole hall (then it is `fit` itself).
 */
export function zoomBox( box, factor, at, fit, minWidth = MIN_VIEW_M ) {

	const width = Math.min( Math.max( box[ 2 ] / factor, Math.min( minWidth, fit[ 2 ] ) ), fit[ 2 ] );
	if ( width >= fit[ 2 ] ) return [ ...fit ];
	const k = width / box[ 2 ];
	const [ ax, ay ] = [ at[ 0 ], - at[ 1 ] ];
	return clampBox( [ ax - ( ax - box[ 0 ] ) * k, ay - ( ay - box[ 1 ] ) * k, width, box[ 3 ] * k ], fit );

}

/** `box` dragged by (dx, dy) screen px at `scale` px per metre: what was under the pointer stays under it. */
export function panBox( box, dx, dy, scale ) {

	return [ box[ 0 ] - dx / scale, box[ 1 ] - dy / scale, box[ 2 ], box[ 3 ] ];

}

/** `box` moved so that its centre stays within `fit` (the hall cannot be panned out of sight). */
export function clampBox( box, fit ) {

	const clamp = ( v, lo, hi ) => Math.min( Math.max( v, lo ), hi );
	const cx = clamp( box[ 0 ] + box[ 2 ] / 2, fit[ 0 ], fit[ 0 ] + fit[ 2 ] );
	const cy = clamp( box[ 1 ] + box[ 3 ] / 2, fit[ 1 ], fit[ 1 ] + fit[ 3 ] );
	return [ cx - box[ 2 ] / 2, cy - box[ 3 ] / 2, box[ 2 ], box[ 3 ] ];

}

/** `box` with `rect` (plan m) in sight: unchanged if it is, else centred on it. */
export function showRect( box, rect, fit ) {

	const [ x0, y0, x1, y1 ] = [ rect[ 0 ], - rect[ 3 ], rect[ 2 ], - rect[ 1 ] ];
	if ( x0 >= box[ 0 ] && x1 <= box[ 0 ] + box[ 2 ] && y0 >= box[ 1 ] && y1 <= box[ 1 ] + box[ 3 ] ) return box;
	return clampBox( [ ( x0 + x1 ) / 2 - box[ 2 ] / 2, ( y0 + y1 ) / 2 - box[ 3 ] / 2, box[ 2 ], box[ 3 ] ], fit );

}

/**
 * The font size (px on screen) of a label of `chars` characters in a booth of
 * `width` × `depth` px on screen: LABEL_PX, less where it would not fit, and 0
 * (hidden) below LABEL_MIN_PX.
 */
export function labelPx( chars, width, depth ) {

	const px = Math.min( LABEL_PX, width * 0.9 / ( CHAR_WIDTH * Math.max( chars, 1 ) ), depth * 0.6 );
	return px >= LABEL_MIN_PX ? px : 0;

}

/**
 * The view of one `<svg>`: `fit(outline)` when a hall is shown, then the
 * organiser zooms and pans. `planPoint(event)` is the plan point under a
 * pointer at any zoom. Presses on a `g.booth` are left to the editor.
 */
export class PlanView {

	constructor( svg, { onChange = () => {} } = {} ) {

		this.svg = svg;
		this.onChange = onChange;
		this.fitted = [ 0, 0, 1, 1 ];
		this.box = [ 0, 0, 1, 1 ];
		/** pointerId → [clientX, clientY] of the presses panning or pinching the plan */
		this.pointers = new Map();
		this._wheel = ( event ) => this.wheel( event );
		this._down = ( event ) => this.pointerDown( event );
		this._move = ( event ) => this.pointerMove( event );
		this._up = ( event ) => this.pointerUp( event );
		this._key = ( event ) => this.keyDown( event );
		// a new size (a resized window, a section shown) changes the px per metre the labels are sized by
		this.resized = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver( () => this.onChange() );
		this.connect();

	}

	connect() {

		this.svg.addEventListener( 'wheel', this._wheel, { passive: false } );
		this.svg.addEventListener( 'pointerdown', this._down );
		this.svg.addEventListener( 'pointermove', this._move );
		this.svg.addEventListener( 'pointerup', this._up );
		this.svg.addEventListener( 'pointercancel', this._up );
		this.svg.addEventListener( 'keydown', this._key );
		if ( this.resized ) this.resized.observe( this.svg );

	}

	disconnect() {

		this.svg.removeEventListener( 'wheel', this._wheel );
		this.svg.removeEventListener( 'pointerdown', this._down );
		this.svg.removeEventListener( 'pointermove', this._move );
		this.svg.removeEventListener( 'pointerup', this._up );
		this.svg.removeEventListener( 'pointercancel', this._up );
		this.svg.removeEventListener( 'keydown', this._key );
		if ( this.resized ) this.resized.disconnect();

	}

	/** The element's drawing area: [left, top] on the page's viewport and [width, height], in px. */
	area() {

		const bounds = this.svg.getBoundingClientRect();
		const [ left, top ] = [ bounds.left + this.svg.clientLeft, bounds.top + this.svg.clientTop ];
		return { origin: [ left, top ], size: [ this.svg.clientWidth || bounds.width, this.svg.clientHeight || bounds.height ] };

	}

	/** Screen px per plan metre now. */
	get scale() {

		return meetTransform( this.box, this.area().size ).scale;

	}

	/** The plan point (m) under a pointer event (or anything with clientX, clientY). */
	planPoint( event ) {

		const { origin, size } = this.area();
		return screenToPlan( this.box, size, [ event.clientX - origin[ 0 ], event.clientY - origin[ 1 ] ] );

	}

	/** Shows all of `outline` (a hall's). */
	fit( outline ) {

		this.fitted = fitBox( outline );
		this.set( this.fitted );

	}

	set( box ) {

		this.box = box;
		this.svg.setAttribute( 'viewBox', box.join( ' ' ) );
		this.onChange();

	}

	/** Zooms by `factor` about plan point `at` (default: the middle of the view). */
	zoom( factor, at = null ) {

		const centre = at || [ this.box[ 0 ] + this.box[ 2 ] / 2, - ( this.box[ 1 ] + this.box[ 3 ] / 2 ) ];
		this.set( zoomBox( this.box, factor, centre, this.fitted ) );

	}

	/** Shows the whole hall again. */
	reset() {

		this.set( [ ...this.fitted ] );

	}

	/** Brings `rect` (plan m) into sight. */
	show( rect ) {

		const box = showRect( this.box, rect, this.fitted );
		if ( box !== this.box ) this.set( box );

	}

	get zoomed() {

		return this.box[ 2 ] < this.fitted[ 2 ] - 1e-6;

	}

	wheel( event ) {

		if ( ! this.zoomed && event.deltaY > 0 ) return; // zoomed out already: the page scrolls
		event.preventDefault();
		const lines = event.deltaMode === 1 ? 33 : event.deltaMode === 2 ? 400 : 1;
		this.zoom( Math.exp( - event.deltaY * lines * WHEEL_RATE ), this.planPoint( event ) );

	}

	pointerDown( event ) {

		if ( event.target.closest && event.target.closest( 'g.booth' ) && this.pointers.size === 0 ) return;
		if ( event.pointerType === 'mouse' && event.button !== 0 ) return;
		event.preventDefault();
		this.svg.focus( { preventScroll: true } );
		this.pointers.set( event.pointerId, [ event.clientX, event.clientY ] );
		this.svg.setPointerCapture( event.pointerId );
		this.svg.classList.add( 'panning' );

	}

	pointerMove( event ) {

		const last = this.pointers.get( event.pointerId );
		if ( ! last ) return;
		const now = [ event.clientX, event.clientY ];
		this.pointers.set( event.pointerId, now );
		if ( this.pointers.size !== 2 ) {

			this.set( clampBox( panBox( this.box, now[ 0 ] - last[ 0 ], now[ 1 ] - last[ 1 ], this.scale ), this.fitted ) );
			return;

		}

		// a pinch: zoom by how much farther apart the two fingers are, about their middle, and move
		// with the middle, so that what was under it stays under it
		const other = [ ...this.pointers ].find( ( [ id ] ) => id !== event.pointerId )[ 1 ];
		const before = Math.hypot( last[ 0 ] - other[ 0 ], last[ 1 ] - other[ 1 ] );
		const after = Math.hypot( now[ 0 ] - other[ 0 ], now[ 1 ] - other[ 1 ] );
		if ( before === 0 || after === 0 ) return;
		const middle = { clientX: ( last[ 0 ] + other[ 0 ] ) / 2, clientY: ( last[ 1 ] + other[ 1 ] ) / 2 };
		const zoomed = zoomBox( this.box, after / before, this.planPoint( middle ), this.fitted );
		const scale = meetTransform( zoomed, this.area().size ).scale;
		this.set( clampBox( panBox( zoomed, ( now[ 0 ] - last[ 0 ] ) / 2, ( now[ 1 ] - last[ 1 ] ) / 2, scale ), this.fitted ) );

	}

	pointerUp( event ) {

		if ( ! this.pointers.delete( event.pointerId ) ) return;
		if ( this.svg.hasPointerCapture( event.pointerId ) ) this.svg.releasePointerCapture( event.pointerId );
		if ( this.pointers.size === 0 ) this.svg.classList.remove( 'panning' );

	}

	keyDown( event ) {

		if ( event.ctrlKey || event.metaKey || event.altKey ) return;
		const factor = ZOOM_KEYS[ event.key ];
		if ( factor ) this.zoom( factor );
		else if ( event.key === '0' ) this.reset();
		else return;
		event.preventDefault();

	}

}
