// Editing a version's layout on its plan, in the organiser console: drag a
// booth to a new spot (its sides snap to a neighbour's, an aisle's or a wall's
// edge within 0.4 m, else its corner to 0.5 m; its footprint is drawn live, red
// where it would overlap another booth or a column or leave the hall), drop
// it on a booth of the same size to swap the two, and pin booths (shift-click,
// or P). From the keyboard: the plan is one Tab stop (the selected booth); ]
// and [ go to the next and previous booth, arrow keys move it, P pins it,
// S on one booth then S on another swaps them, Escape undoes its move.
// Zooming and panning are planview.js's, where a dragged booth lands plansnap.js's.
//
// The result is one list of edits for POST /api/organiser/versions/<n>/edits
// ({moves, swaps, pins}); the server lays the version out again and its rule
// report has the last word. The plan is the version's layout.json, drawn as
// SVG in metres with plan y north (SVG y = −plan y).
//
// This module knows no words: what it tells (`onChange`) are codes the console
// translates. Its geometry is pure functions, tested under node.

import { PlanView, labelPx } from './planview.js';
import { SNAP_M, edgesOf, movedRect, snappedRect } from './plansnap.js';

export { EDGE_SNAP_M, SNAP_M, edgesOf, movedRect, snap, snappedRect } from './plansnap.js';

/** Closer than this counts as touching, not overlapping (m). */
export const TOLERANCE_M = 1e-3;
/** How far the pointer must travel before a press becomes a drag (px). */
export const DRAG_START_PX = 4;

const SVG_NS = 'http://www.w3.org/2000/svg';
const ARROWS = { ArrowLeft: [ - 1, 0 ], ArrowRight: [ 1, 0 ], ArrowUp: [ 0, 1 ], ArrowDown: [ 0, - 1 ] };

// geometry: a rect is [x0, y0, x1, y1] in metres, a polygon [[x, y], ...]

/** Whether rects `a` and `b` share more than a line (touching sides do not overlap). */
export function rectsOverlap( a, b, tolerance = TOLERANCE_M ) {

	return Math.min( a[ 2 ], b[ 2 ] ) - Math.max( a[ 0 ], b[ 0 ] ) > tolerance &&
		Math.min( a[ 3 ], b[ 3 ] ) - Math.max( a[ 1 ], b[ 1 ] ) > tolerance;

}

/** Whether point `p` is inside `polygon` (even-odd rule; a point on an edge may go either way). */
export function pointInPolygon( p, polygon ) {

	let inside = false;
	for ( let i = 0, j = polygon.length - 1; i < polygon.length; j = i ++ ) {

		const [ xi, yi ] = polygon[ i ];
		const [ xj, yj ] = polygon[ j ];
		if ( ( yi > p[ 1 ] ) !== ( yj > p[ 1 ] ) && p[ 0 ] < ( xj - xi ) * ( p[ 1 ] - yi ) / ( yj - yi ) + xi ) inside = ! inside;

	}

	return inside;

}

/** Whether the segment p–q passes through the inside of `rect` (Liang–Barsky clipping). */
export function segmentCrossesRect( p, q, rect ) {

	const dx = q[ 0 ] - p[ 0 ];
	const dy = q[ 1 ] - p[ 1 ];
	let t0 = 0;
	let t1 = 1;
	for ( const [ along, room ] of [ [ - dx, p[ 0 ] - rect[ 0 ] ], [ dx, rect[ 2 ] - p[ 0 ] ], [ - dy, p[ 1 ] - rect[ 1 ] ], [ dy, rect[ 3 ] - p[ 1 ] ] ] ) {

		if ( along === 0 ) {

			if ( room <= 0 ) return false;
			continue;

		}

		const t = room / along;
		if ( along < 0 ) t0 = Math.max( t0, t );
		else t1 = Math.min( t1, t );
		if ( t0 >= t1 ) return false;

	}

	return true;

}

function shrunk( rect, by ) {

	return [ rect[ 0 ] + by, rect[ 1 ] + by, rect[ 2 ] - by, rect[ 3 ] - by ];

}

/** Whether `rect` lies inside `polygon` (touching its edges is inside). */
export function rectInPolygon( rect, polygon, tolerance = TOLERANCE_M ) {

	const r = shrunk( rect, tolerance );
	const corners = [ [ r[ 0 ], r[ 1 ] ], [ r[ 2 ], r[ 1 ] ], [ r[ 2 ], r[ 3 ] ], [ r[ 0 ], r[ 3 ] ] ];
	if ( ! corners.every( ( c ) => pointInPolygon( c, polygon ) ) ) return false;
	return ! polygon.some( ( p, i ) => segmentCrossesRect( polygon[ ( i || polygon.length ) - 1 ], p, r ) );

}

/** Whether `polygon` and `rect` share more than a line. */
export function polygonMeetsRect( polygon, rect, tolerance = TOLERANCE_M ) {

	const r = shrunk( rect, tolerance );
	if ( r[ 0 ] >= r[ 2 ] || r[ 1 ] >= r[ 3 ] ) return false;
	if ( polygon.some( ( p, i ) => segmentCrossesRect( polygon[ ( i || polygon.length ) - 1 ], p, r ) ) ) return true;
	// no edge enters the rect: it is wholly inside the polygon or wholly outside
	return pointInPolygon( [ ( r[ 0 ] + r[ 2 ] ) / 2, ( r[ 1 ] + r[ 3 ] ) / 2 ], polygon );

}

/** The square of a column {at: [x, y], size}. */
export function columnRect( column ) {

	const half = column.size / 2;
	return [ column.at[ 0 ] - half, column.at[ 1 ] - half, column.at[ 0 ] + half, column.at[ 1 ] + half ];

}

/**
 * What standing at `rect` in `hall` (a layout.json hall: outline, columns,
 * aisles) would mean, beside the booths `others` ([{number, rect}]):
 * `{code: 'outside'}`, `{code: 'overlap', with}` or `{code: 'column'}` are
 * refused; `{code: 'aisle'}` is allowed (the rules will weigh it); else `{code: 'ok'}`.
 */
export function checkPlacement( rect, hall, others ) {

	if ( ! rectInPolygon( rect, hall.outline ) ) return { code: 'outside' };
	const other = others.find( ( b ) => rectsOverlap( rect, b.rect ) );
	if ( other ) return { code: 'overlap', with: other.number };
	if ( ( hall.columns || [] ).some( ( c ) => rectsOverlap( rect, columnRect( c ) ) ) ) return { code: 'column' };
	if ( ( hall.aisles || [] ).some( ( a ) => polygonMeetsRect( a.polygon, rect ) ) ) return { code: 'aisle' };
	return { code: 'ok' };

}

/** Whether two rects have the same size, either way round (what a swap needs). */
export function sameSize( a, b, tolerance = TOLERANCE_M ) {

	const sa = [ a[ 2 ] - a[ 0 ], a[ 3 ] - a[ 1 ] ].sort( ( x, y ) => x - y );
	const sb = [ b[ 2 ] - b[ 0 ], b[ 3 ] - b[ 1 ] ].sort( ( x, y ) => x - y );
	return Math.abs( sa[ 0 ] - sb[ 0 ] ) < tolerance && Math.abs( sa[ 1 ] - sb[ 1 ] ) < tolerance;

}

function sameRect( a, b ) {

	return a.every( ( v, i ) => Math.abs( v - b[ i ] ) < TOLERANCE_M );

}

function svgElement( name, attributes = {}, parent = null ) {

	const element = document.createElementNS( SVG_NS, name );
	for ( const [ key, value ] of Object.entries( attributes ) ) element.setAttribute( key, String( value ) );
	if ( parent ) parent.appendChild( element );
	return element;

}

function points( polygon ) {

	return polygon.map( ( [ x, y ] ) => `${x},${- y}` ).join( ' ' );

}

/**
 * The plan editor over one `<svg>`: `load(layout)`, `showHall(id)`, then the
 * organiser drags; `edits()` is what to send. `onChange(note)` is called after
 * every change of the edits or the selection, with a note ({code, number,
 * with}) when something was refused or needs saying, else null.
 */
export class PlanEditor {

	constructor( svg, { onChange = () => {}, vacantLabel = ( number ) => number } = {} ) {

		this.svg = svg;
		this.onChange = onChange;
		/** number → the words a vacant booth spot is titled with */
		this.vacantLabel = vacantLabel;
		/** number → {number, hall, rect, exhibitor, element} */
		this.booths = new Map();
		this.halls = [];
		this.hall = null;
		/** number → the rect it is moved to */
		this.moves = new Map();
		/** [[a, b], ...]: booths that trade places */
		this.swaps = [];
		this.pins = new Set();
		this.selected = null;
		this.swapFrom = null;
		this.drag = null;
		this.ghost = null;
		/** the hall's booth numbers in order: what ] and [ go through */
		this.order = [];
		/** the booth that is the plan's one Tab stop */
		this.tabStop = null;
		this.view = new PlanView( svg, { onChange: () => this.drawLabels() } );
		this._down = ( event ) => this.pointerDown( event );
		this._move = ( event ) => this.pointerMove( event );
		this._up = ( event ) => this.pointerUp( event );
		this._key = ( event ) => this.keyDown( event );
		this._focus = ( event ) => this.focusIn( event );
		this.connect();

	}

	connect() {

		this.svg.addEventListener( 'pointerdown', this._down );
		this.svg.addEventListener( 'pointermove', this._move );
		this.svg.addEventListener( 'pointerup', this._up );
		this.svg.addEventListener( 'pointercancel', this._up );
		this.svg.addEventListener( 'keydown', this._key );
		this.svg.addEventListener( 'focusin', this._focus );

	}

	disconnect() {

		this.svg.removeEventListener( 'pointerdown', this._down );
		this.svg.removeEventListener( 'pointermove', this._move );
		this.svg.removeEventListener( 'pointerup', this._up );
		this.svg.removeEventListener( 'pointercancel', this._up );
		this.svg.removeEventListener( 'keydown', this._key );
		this.svg.removeEventListener( 'focusin', this._focus );

	}

	dispose() {

		this.disconnect();
		this.view.disconnect();
		this.svg.replaceChildren();

	}

	/** Starts over on `layout` (a layout.json document), showing its first hall. */
	load( layout ) {

		this.halls = layout.halls || [];
		this.booths.clear();
		for ( const hall of this.halls ) {

			for ( const booth of hall.booths || [] ) {

				this.booths.set( booth.number, { number: booth.number, hall: hall.id, rect: booth.rect, exhibitor: booth.exhibitor || '', element: null } );

			}

		}

		this.moves.clear();
		this.swaps = [];
		this.pins.clear();
		this.selected = null;
		this.swapFrom = null;
		this.showHall( this.halls.length ? this.halls[ 0 ].id : null );

	}

	/** Draws hall `id`: its outline, aisles, columns and booths. */
	showHall( id ) {

		this.hall = this.halls.find( ( h ) => h.id === id ) || null;
		this.svg.replaceChildren();
		for ( const booth of this.booths.values() ) booth.element = null;
		this.order = [];
		this.tabStop = null;
		if ( ! this.hall ) return;
		this.svg.setAttribute( 'tabindex', - 1 ); // a press on the floor focuses the plan, for its keys
		svgElement( 'polygon', { class: 'outline', points: points( this.hall.outline ) }, this.svg );
		for ( const aisle of this.hall.aisles || [] ) svgElement( 'polygon', { class: `aisle ${aisle.kind || ''}`, points: points( aisle.polygon ) }, this.svg );
		for ( const column of this.hall.columns || [] ) this.rectElement( 'rect', columnRect( column ), { class: 'column' }, this.svg );
		// vacant booth spots (space to sell), dashed: a booth dragged over one snaps into it
		for ( const spot of this.hall.vacant || [] ) {

			const shape = svgElement( 'polygon', { class: 'vacant', points: points( spot.footprint ) }, this.svg );
			svgElement( 'title', {}, shape ).textContent = this.vacantLabel( spot.number || '' );

		}

		for ( const booth of this.booths.values() ) {

			if ( booth.hall !== this.hall.id ) continue;
			const group = svgElement( 'g', { class: 'booth', tabindex: - 1, role: 'button', 'data-number': booth.number }, this.svg );
			svgElement( 'rect', {}, group );
			const label = svgElement( 'text', { 'text-anchor': 'middle', 'dominant-baseline': 'central' }, group );
			label.textContent = booth.number;
			svgElement( 'circle', { class: 'pin', r: 0.45 }, group );
			svgElement( 'title', {}, group ).textContent = `${booth.number} ${booth.exhibitor}`;
			group.setAttribute( 'aria-label', `${booth.number} ${booth.exhibitor}` );
			booth.element = group;
			this.order.push( booth.number );
			this.drawBooth( booth );

		}

		this.order.sort( ( a, b ) => a.localeCompare( b, 'en', { numeric: true } ) );
		const first = this.booths.get( this.selected );
		this.setTabStop( first && first.element ? this.selected : this.order[ 0 ] );
		this.ghost = this.rectElement( 'rect', [ 0, 0, 0, 0 ], { class: 'ghost', visibility: 'hidden' }, this.svg );
		this.view.fit( this.hall.outline );

	}

	/** Makes booth `number` the plan's one Tab stop (a roving tabindex). */
	setTabStop( number ) {

		if ( number === this.tabStop || number === undefined ) return;
		const old = this.tabStop !== null && this.booths.get( this.tabStop );
		if ( old && old.element ) old.element.setAttribute( 'tabindex', - 1 );
		const booth = this.booths.get( number );
		if ( booth && booth.element ) booth.element.setAttribute( 'tabindex', 0 );
		this.tabStop = booth && booth.element ? number : null;

	}

	/** Sizes every label in screen px for the zoom now: hidden where the booth is too small to read it. */
	drawLabels() {

		const scale = this.view.scale;
		if ( ! ( scale > 0 ) ) return;
		for ( const booth of this.booths.values() ) if ( booth.element ) this.drawLabel( booth, scale );

	}

	drawLabel( booth, scale ) {

		const rect = this.place( booth.number );
		const label = booth.element.children[ 1 ];
		const px = labelPx( booth.number.length, ( rect[ 2 ] - rect[ 0 ] ) * scale, ( rect[ 3 ] - rect[ 1 ] ) * scale );
		if ( px > 0 ) label.setAttribute( 'font-size', px / scale );
		label.setAttribute( 'visibility', px > 0 ? 'visible' : 'hidden' );

	}

	rectElement( name, rect, attributes, parent ) {

		const element = svgElement( name, attributes, parent );
		this.placeRect( element, rect );
		return element;

	}

	placeRect( element, rect ) {

		element.setAttribute( 'x', rect[ 0 ] );
		element.setAttribute( 'y', - rect[ 3 ] );
		element.setAttribute( 'width', rect[ 2 ] - rect[ 0 ] );
		element.setAttribute( 'height', rect[ 3 ] - rect[ 1 ] );

	}

	/** Where booth `number` stands with the edits so far (a swap trades places, numbers included: spots stay). */
	place( number ) {

		return this.moves.get( number ) || this.booths.get( number ).rect;

	}

	swapOf( number ) {

		return this.swaps.find( ( pair ) => pair.includes( number ) ) || null;

	}

	drawBooth( booth ) {

		const group = booth.element;
		if ( ! group ) return;
		const rect = this.place( booth.number );
		const [ box, label, pin ] = group.children;
		this.placeRect( box, rect );
		const width = rect[ 2 ] - rect[ 0 ];
		const depth = rect[ 3 ] - rect[ 1 ];
		label.setAttribute( 'x', rect[ 0 ] + width / 2 );
		label.setAttribute( 'y', - ( rect[ 1 ] + depth / 2 ) );
		const scale = this.view.scale;
		if ( scale > 0 ) this.drawLabel( booth, scale );
		else label.setAttribute( 'visibility', 'hidden' ); // not laid out yet: sized once it is
		pin.setAttribute( 'cx', rect[ 2 ] - 0.6 );
		pin.setAttribute( 'cy', - ( rect[ 3 ] - 0.6 ) );
		const problem = this.moves.has( booth.number ) && this.problemOf( booth.number );
		group.classList.toggle( 'moved', this.moves.has( booth.number ) );
		group.classList.toggle( 'swapped', this.swapOf( booth.number ) !== null );
		group.classList.toggle( 'pinned', this.pins.has( booth.number ) );
		group.classList.toggle( 'selected', this.selected === booth.number );
		group.classList.toggle( 'swap-from', this.swapFrom === booth.number );
		group.classList.toggle( 'invalid', Boolean( problem ) );
		group.setAttribute( 'aria-pressed', String( this.pins.has( booth.number ) ) );

	}

	redraw() {

		for ( const booth of this.booths.values() ) this.drawBooth( booth );

	}

	/** The booths of `number`'s hall other than it, where they stand now. */
	othersOf( number ) {

		const hall = this.booths.get( number ).hall;
		const others = [];
		for ( const booth of this.booths.values() ) {

			if ( booth.hall === hall && booth.number !== number ) others.push( { number: booth.number, rect: this.place( booth.number ) } );

		}

		return others;

	}

	/** Where `rect` would put booth `number`: see checkPlacement. */
	check( number, rect ) {

		const hall = this.halls.find( ( h ) => h.id === this.booths.get( number ).hall );
		return checkPlacement( rect, hall, this.othersOf( number ) );

	}

	/** The refusal of booth `number`'s move ({code, number, with}), or null when it may stand there. */
	problemOf( number ) {

		if ( ! this.moves.has( number ) ) return null;
		const found = this.check( number, this.moves.get( number ) );
		return found.code === 'ok' || found.code === 'aisle' ? null : { ...found, number };

	}

	/** The moves that may not stand where they are, as {code, number, with}. */
	problems() {

		return [ ...this.moves.keys() ].map( ( n ) => this.problemOf( n ) ).filter( Boolean );

	}

	/** What to send: {moves: [{number, rect}], swaps: [[a, b]], pins: [number]}. */
	edits() {

		return {
			moves: [ ...this.moves ].map( ( [ number, rect ] ) => ( { number, rect } ) ),
			swaps: this.swaps.map( ( pair ) => [ ...pair ] ),
			pins: [ ...this.pins ],
		};

	}

	get empty() {

		return this.moves.size === 0 && this.swaps.length === 0 && this.pins.size === 0;

	}

	changed( note = null ) {

		this.redraw();
		this.onChange( note );

	}

	// the edits

	select( number ) {

		this.selected = number;
		this.changed();

	}

	/** Moves booth `number` to `rect` (back where it was: no move); a swapped booth must be unswapped first. */
	move( number, rect ) {

		if ( this.swapOf( number ) ) return this.changed( { code: 'swapped', number } );
		if ( sameRect( rect, this.booths.get( number ).rect ) ) this.moves.delete( number );
		else this.moves.set( number, rect );
		const onAisle = this.moves.has( number ) && this.check( number, rect ).code === 'aisle';
		this.changed( this.problemOf( number ) || ( onAisle ? { code: 'aisle', number } : null ) );

	}

	/** Booths `a` and `b` trade places; each must be the other's size and neither moved or swapped already. */
	swap( a, b ) {

		if ( a === b ) return this.changed();
		for ( const number of [ a, b ] ) if ( this.swapOf( number ) ) return this.changed( { code: 'swapped', number } );
		if ( this.moves.has( b ) ) return this.changed( { code: 'moved', number: b } );
		if ( ! sameSize( this.booths.get( a ).rect, this.booths.get( b ).rect ) ) return this.changed( { code: 'size', number: a, with: b } );
		this.moves.delete( a );
		this.swaps.push( [ a, b ] );
		this.changed( { code: 'swap', number: a, with: b } );

	}

	togglePin( number ) {

		if ( this.pins.has( number ) ) this.pins.delete( number );
		else this.pins.add( number );
		this.changed();

	}

	/** Takes back the move, the swap or the pin of `number`. */
	undo( kind, number ) {

		if ( kind === 'move' ) this.moves.delete( number );
		if ( kind === 'swap' ) this.swaps = this.swaps.filter( ( pair ) => ! pair.includes( number ) );
		if ( kind === 'pin' ) this.pins.delete( number );
		this.changed();

	}

	clear() {

		this.moves.clear();
		this.swaps = [];
		this.pins.clear();
		this.swapFrom = null;
		this.changed();

	}

	// pointer and keyboard

	/** The plan point (m) under a pointer event, at any zoom. */
	planPoint( event ) {

		return this.view.planPoint( event );

	}

	/** What booth `number`'s sides snap to while it is dragged: the other booths', the aisles' and the walls' edges. */
	snapEdges( number ) {

		const hall = this.halls.find( ( h ) => h.id === this.booths.get( number ).hall );
		const aisles = ( hall.aisles || [] ).map( ( a ) => a.polygon );
		const vacant = ( hall.vacant || [] ).map( ( v ) => v.footprint );
		return edgesOf( this.othersOf( number ).map( ( b ) => b.rect ), [ hall.outline, ...aisles, ...vacant ] );

	}

	boothAt( point, except ) {

		for ( const booth of this.booths.values() ) {

			if ( booth.element && booth.number !== except ) {

				const r = this.place( booth.number );
				if ( point[ 0 ] >= r[ 0 ] && point[ 0 ] <= r[ 2 ] && point[ 1 ] >= r[ 1 ] && point[ 1 ] <= r[ 3 ] ) return booth.number;

			}

		}

		return null;

	}

	pointerDown( event ) {

		const group = event.target.closest && event.target.closest( 'g.booth' );
		if ( ! group || event.button !== 0 || this.view.pointers.size > 0 ) return;
		event.preventDefault();
		group.focus( { preventScroll: true } );
		const number = group.dataset.number;
		if ( event.shiftKey ) {

			this.togglePin( number );
			return;

		}

		this.drag = { number, from: this.planPoint( event ), x: event.clientX, y: event.clientY, started: false, target: null, rect: null, code: null, edges: this.snapEdges( number ) };
		this.svg.setPointerCapture( event.pointerId );

	}

	pointerMove( event ) {

		const drag = this.drag;
		if ( ! drag ) return;
		if ( ! drag.started && Math.hypot( event.clientX - drag.x, event.clientY - drag.y ) < DRAG_START_PX ) return;
		drag.started = true;
		const at = this.planPoint( event );
		const target = this.boothAt( at, drag.number );
		let rect;
		let code;
		if ( target !== null && sameSize( this.booths.get( target ).rect, this.booths.get( drag.number ).rect ) && ! this.moves.has( target ) ) {

			rect = this.place( target );
			code = 'swap';

		} else {

			rect = snappedRect( this.place( drag.number ), at[ 0 ] - drag.from[ 0 ], at[ 1 ] - drag.from[ 1 ], drag.edges );
			code = this.check( drag.number, rect ).code;

		}

		Object.assign( drag, { target: code === 'swap' ? target : null, rect, code } );
		this.placeRect( this.ghost, rect );
		this.ghost.setAttribute( 'class', `ghost ${code}` );
		this.ghost.setAttribute( 'visibility', 'visible' );
		this.svg.classList.add( 'dragging' );

	}

	pointerUp( event ) {

		const drag = this.drag;
		if ( ! drag ) return;
		this.drag = null;
		if ( this.svg.hasPointerCapture( event.pointerId ) ) this.svg.releasePointerCapture( event.pointerId );
		this.ghost.setAttribute( 'visibility', 'hidden' );
		this.svg.classList.remove( 'dragging' );
		this.selected = drag.number;
		if ( ! drag.started || event.type === 'pointercancel' ) return this.changed();
		if ( drag.code === 'swap' ) return this.swap( drag.number, drag.target );
		const found = this.check( drag.number, drag.rect );
		if ( found.code !== 'ok' && found.code !== 'aisle' ) return this.changed( { ...found, number: drag.number } );
		this.move( drag.number, drag.rect );

	}

	focusIn( event ) {

		const group = event.target.closest && event.target.closest( 'g.booth' );
		if ( group ) this.setTabStop( group.dataset.number );
		if ( group && this.selected !== group.dataset.number ) this.select( group.dataset.number );

	}

	/** Focuses (and selects) the booth `by` places after `number` in the hall's order, bringing it into sight. */
	focusBooth( by, number ) {

		const at = this.order.indexOf( number );
		const next = this.order[ ( at + by + this.order.length ) % this.order.length ];
		this.setTabStop( next );
		this.view.show( this.place( next ) );
		this.booths.get( next ).element.focus( { preventScroll: true } );

	}

	keyDown( event ) {

		const group = event.target.closest && event.target.closest( 'g.booth' );
		if ( ! group ) return;
		const number = group.dataset.number;
		const step = ARROWS[ event.key ];
		if ( event.key === ']' || event.key === '[' ) {

			event.preventDefault();
			this.focusBooth( event.key === ']' ? 1 : - 1, number );

		} else if ( step ) {

			event.preventDefault();
			const by = event.shiftKey ? 5 * SNAP_M : SNAP_M;
			this.selected = number;
			this.move( number, movedRect( this.place( number ), step[ 0 ] * by, step[ 1 ] * by ) );
			this.view.show( this.place( number ) );

		} else if ( event.key === 'p' || event.key === 'P' ) {

			event.preventDefault();
			this.togglePin( number );

		} else if ( event.key === 's' || event.key === 'S' ) {

			event.preventDefault();
			if ( this.swapFrom === null || this.swapFrom === number ) {

				this.swapFrom = this.swapFrom === number ? null : number;
				this.changed( this.swapFrom ? { code: 'swap_from', number } : null );

			} else {

				const from = this.swapFrom;
				this.swapFrom = null;
				this.swap( from, number );

			}

		} else if ( event.key === 'Escape' ) {

			this.swapFrom = null;
			this.undo( 'move', number );

		}

	}

}
