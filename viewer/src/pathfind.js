// Routes along the aisles: a walkable grid from the manifest hall, A* over
// it and line-of-sight smoothing into a few straight legs. Pure (no three.js,
// no DOM), so node can run it: tests/test_viewer_pathfind.py.
//
// Plan coordinates throughout: metres, x east, y north. A grid cell is
// walkable when its centre is inside the outline and at least `clearance`
// from every booth rect, column, keep-clear area (and, for step-free routes,
// every `steps` area) and from the outline's walls.
//
// Hall fields read: `outline` [[x, y], ...], `columns` ([{at, size}] or the
// hall spec's grid {origin, spacing, size}), `keep_clear` [polygon, ...] and
// the proposed `steps` [{polygon, kind: 'steps'|'ramp'}] (a ramp is step-free).

/** Defaults for {@link buildGrid} and {@link routeToBooth}. */
export const DEFAULTS = Object.freeze( {
	/** Grid cell size (m). */
	cellSize: 0.5,
	/** Free space kept around obstacles: the walker's radius and a little (m). More than half a cell's diagonal, so smoothed legs never touch an obstacle. */
	clearance: 0.4,
	/** How far outside the middle of an open side the route ends (m). */
	approach: 1.2,
	/** Extra cost of ending at an open side other than the booth's front (m). */
	sidePenalty: 3,
	/** Treat `steps` areas as walls. */
	stepFree: false,
} );

const SIDES = Object.freeze( { N: [ 0, 1 ], S: [ 0, - 1 ], E: [ 1, 0 ], W: [ - 1, 0 ] } );
const SQRT2 = Math.SQRT2;
// 8 neighbours: dx, dy, cost (in cells)
const NEIGHBOURS = [
	[ 1, 0, 1 ], [ - 1, 0, 1 ], [ 0, 1, 1 ], [ 0, - 1, 1 ],
	[ 1, 1, SQRT2 ], [ 1, - 1, SQRT2 ], [ - 1, 1, SQRT2 ], [ - 1, - 1, SQRT2 ],
];

/**
 * The walkable grid of a hall.
 *
 * @param {Object} hall - manifest hall (outline, columns, keep_clear, steps)
 * @param {Array<Object>} booths - the hall's manifest booths (rect [x0, y0, x1, y1])
 * @param {Object} [options] - cellSize, clearance, stepFree (see {@link DEFAULTS})
 * @return {{x0: number, y0: number, cellSize: number, cols: number, rows: number, walkable: Uint8Array}}
 *
 * @example
 * const grid = buildGrid( { outline: [ [ 0, 0 ], [ 10, 0 ], [ 10, 10 ], [ 0, 10 ] ] }, [] );
 * grid.cols; // 20
 */
export function buildGrid( hall, booths, options = {} ) {

	const { cellSize, clearance, stepFree } = { ...DEFAULTS, ...options };
	const outline = hall && Array.isArray( hall.outline ) ? hall.outline : null;
	if ( ! outline || outline.length < 3 ) throw new Error( `pathfind: hall.outline needs at least 3 points, got ${JSON.stringify( outline )}` );
	if ( ! ( cellSize > 0 ) ) throw new Error( `pathfind: cellSize must be positive, got ${cellSize}` );

	let x0 = Infinity, y0 = Infinity, x1 = - Infinity, y1 = - Infinity;
	for ( const [ x, y ] of outline ) {

		x0 = Math.min( x0, x ); y0 = Math.min( y0, y );
		x1 = Math.max( x1, x ); y1 = Math.max( y1, y );

	}

	const cols = Math.max( 1, Math.ceil( ( x1 - x0 ) / cellSize ) );
	const rows = Math.max( 1, Math.ceil( ( y1 - y0 ) / cellSize ) );
	const grid = { x0, y0, cellSize, cols, rows, walkable: new Uint8Array( cols * rows ) };

	// inside the outline and clear of its walls
	const walkable = grid.walkable;
	for ( let j = 0; j < rows; j ++ ) {

		const y = y0 + ( j + 0.5 ) * cellSize;
		for ( let i = 0; i < cols; i ++ ) {

			const x = x0 + ( i + 0.5 ) * cellSize;
			if ( insidePolygon( outline, x, y ) && distanceToEdges( outline, x, y ) >= clearance ) walkable[ j * cols + i ] = 1;

		}

	}

	for ( const booth of booths || [] ) {

		const rect = boothRect( booth );
		if ( rect ) blockRect( grid, rect, clearance );

	}

	for ( const column of columnsOf( hall, x0, y0, x1, y1 ) ) {

		const h = column.size / 2;
		blockRect( grid, [ column.at[ 0 ] - h, column.at[ 1 ] - h, column.at[ 0 ] + h, column.at[ 1 ] + h ], clearance );

	}

	for ( const polygon of Array.isArray( hall.keep_clear ) ? hall.keep_clear : [] ) blockPolygon( grid, polygon, clearance );

	if ( stepFree && Array.isArray( hall.steps ) ) {

		for ( const area of hall.steps ) {

			if ( area && area.kind !== 'ramp' && Array.isArray( area.polygon ) ) blockPolygon( grid, area.polygon, clearance );

		}

	}

	return grid;

}

/**
 * Where a route to a booth may end: outside the middle of each open side.
 *
 * @param {Object} booth - manifest booth (rect, front, open)
 * @param {Object} [options] - approach, sidePenalty
 * @return {Array<{side: string, at: number[], front: number[], facing: number[], penalty: number}>}
 *   `at` the plan point in the aisle, `front` the middle of that side, `facing` the plan heading into the booth
 */
export function boothGoals( booth, options = {} ) {

	const { approach, sidePenalty } = { ...DEFAULTS, ...options };
	const rect = boothRect( booth );
	if ( ! rect ) return [];
	const [ x0, y0, x1, y1 ] = rect;
	const cx = ( x0 + x1 ) / 2, cy = ( y0 + y1 ) / 2;
	const sides = Array.isArray( booth.open ) && booth.open.length > 0 ? booth.open : [ booth.front || 'S' ];
	const goals = [];

	for ( const side of sides ) {

		const normal = SIDES[ side ];
		if ( ! normal ) continue;
		const fx = cx + normal[ 0 ] * ( x1 - x0 ) / 2;
		const fy = cy + normal[ 1 ] * ( y1 - y0 ) / 2;
		goals.push( {
			side,
			at: [ fx + normal[ 0 ] * approach, fy + normal[ 1 ] * approach ],
			front: [ fx, fy ],
			facing: [ - normal[ 0 ], - normal[ 1 ] ],
			halfLength: ( normal[ 0 ] !== 0 ? y1 - y0 : x1 - x0 ) / 2,
			penalty: side === booth.front ? 0 : sidePenalty,
		} );

	}

	return goals;

}

/**
 * The route from a plan point to a booth: along the aisles to the nearest
 * reachable open side (the front preferred by `sidePenalty` metres).
 *
 * @param {Object} grid - from {@link buildGrid}
 * @param {number[]} from - plan point [x, y]
 * @param {Object} booth - manifest booth
 * @param {Object} [options] - approach, sidePenalty
 * @return {{points: number[][], distance: number, side: string, front: number[], facing: number[]}|null}
 *   null when no open side can be reached
 */
export function routeToBooth( grid, from, booth, options = {} ) {

	const goals = [];

	for ( const goal of boothGoals( booth, options ) ) {

		const at = freePointNear( grid, goal );
		if ( at ) goals.push( { ...goal, at } );

	}

	if ( goals.length === 0 ) return null;

	const found = findPath( grid, from, goals );
	if ( ! found ) return null;
	const goal = goals[ found.goal ];
	return { points: found.points, distance: found.distance, side: goal.side, front: goal.front, facing: goal.facing };

}

/**
 * A* from a plan point to the cheapest of several goals (8 neighbours, no
 * corner cutting, octile heuristic), smoothed into straight legs.
 *
 * @param {Object} grid - from {@link buildGrid}
 * @param {number[]} from - plan point [x, y]
 * @param {Array<{at: number[], penalty?: number}>} goals - plan points on walkable cells, each with an extra cost (m)
 * @return {{points: number[][], distance: number, goal: number}|null} points from `from` to the goal's `at`;
 *   distance (m) along them; the index of the goal reached; null when none can be reached
 */
export function findPath( grid, from, goals ) {

	const { cols, rows, walkable, cellSize } = grid;
	const n = cols * rows;

	let start = cellOf( grid, from[ 0 ], from[ 1 ] );
	if ( start < 0 || ! walkable[ start ] ) start = nearestWalkable( grid, from[ 0 ], from[ 1 ] );
	if ( start < 0 ) return null;

	// goal cells (in cells of cost) and the heuristic's targets
	const goalOf = new Map();
	const targets = [];
	goals.forEach( ( goal, index ) => {

		const cell = cellOf( grid, goal.at[ 0 ], goal.at[ 1 ] );
		if ( cell < 0 || ! walkable[ cell ] ) return;
		const penalty = ( goal.penalty || 0 ) / cellSize;
		const known = goalOf.get( cell );
		if ( known === undefined || penalty < known.penalty ) goalOf.set( cell, { index, penalty } );
		targets.push( [ cell % cols, Math.floor( cell / cols ), penalty ] );

	} );
	if ( targets.length === 0 ) return null;

	const heuristic = ( cell ) => {

		const i = cell % cols, j = ( cell - i ) / cols;
		let best = Infinity;
		for ( const [ ti, tj, penalty ] of targets ) {

			const dx = Math.abs( ti - i ), dy = Math.abs( tj - j );
			const h = ( dx > dy ? dx - dy + SQRT2 * dy : dy - dx + SQRT2 * dx ) + penalty;
			if ( h < best ) best = h;

		}

		return best;

	};

	// node n is the sink every goal cell leads to, at the cost of its penalty
	const sink = n;
	const g = new Float64Array( n + 1 ).fill( Infinity );
	const parent = new Int32Array( n + 1 ).fill( - 1 );
	const closed = new Uint8Array( n + 1 );
	const heap = new MinHeap();

	g[ start ] = 0;
	heap.push( start, heuristic( start ) );

	let reached = false;

	while ( heap.size > 0 ) {

		const cell = heap.pop();
		if ( closed[ cell ] ) continue;
		closed[ cell ] = 1;

		if ( cell === sink ) {

			reached = true;
			break;

		}

		const goal = goalOf.get( cell );
		if ( goal !== undefined && g[ cell ] + goal.penalty < g[ sink ] ) {

			g[ sink ] = g[ cell ] + goal.penalty;
			parent[ sink ] = cell;
			heap.push( sink, g[ sink ] );

		}

		const i = cell % cols, j = ( cell - i ) / cols;

		for ( const [ di, dj, cost ] of NEIGHBOURS ) {

			const ni = i + di, nj = j + dj;
			if ( ni < 0 || nj < 0 || ni >= cols || nj >= rows ) continue;
			const next = nj * cols + ni;
			if ( ! walkable[ next ] || closed[ next ] ) continue;
			// no cutting corners: both cells beside a diagonal step must be free
			if ( di !== 0 && dj !== 0 && ( ! walkable[ j * cols + ni ] || ! walkable[ nj * cols + i ] ) ) continue;
			const tentative = g[ cell ] + cost;
			if ( tentative < g[ next ] ) {

				g[ next ] = tentative;
				parent[ next ] = cell;
				heap.push( next, tentative + heuristic( next ) );

			}

		}

	}

	if ( ! reached ) return null;

	const last = parent[ sink ];
	const index = goalOf.get( last ).index;
	const cells = [];
	for ( let cell = last; cell !== - 1; cell = parent[ cell ] ) cells.push( cell );
	cells.reverse();

	const raw = cells.map( ( cell ) => centreOf( grid, cell ) );
	raw[ raw.length - 1 ] = [ goals[ index ].at[ 0 ], goals[ index ].at[ 1 ] ];
	// start from where the walker stands when that is on a free cell, else from the nearest free cell
	if ( cellOf( grid, from[ 0 ], from[ 1 ] ) === start ) raw[ 0 ] = [ from[ 0 ], from[ 1 ] ];
	else raw.unshift( [ from[ 0 ], from[ 1 ] ] );

	const points = smoothPath( grid, raw );
	return { points, distance: pathLength( points ), goal: index };

}

/**
 * Line-of-sight string pulling: drops every point the previous kept point
 * can see past. The first point is kept as is even when it is not on a
 * walkable cell (the walker may stand close to a wall).
 *
 * @param {Object} grid
 * @param {number[][]} points - plan points
 * @return {number[][]}
 */
export function smoothPath( grid, points ) {

	if ( points.length <= 2 ) return points.slice();
	const out = [ points[ 0 ] ];
	let anchor = points[ 0 ];
	// the first leg may start off the grid's free cells: smooth from the first free point instead
	let from = 1;
	if ( ! walkableAt( grid, anchor[ 0 ], anchor[ 1 ] ) ) {

		anchor = points[ 1 ];
		out.push( anchor );
		from = 2;

	}

	for ( let i = from; i < points.length - 1; i ++ ) {

		if ( ! lineOfSight( grid, anchor, points[ i + 1 ] ) ) {

			anchor = points[ i ];
			out.push( anchor );

		}

	}

	out.push( points[ points.length - 1 ] );
	return out;

}

/**
 * Whether every cell the segment a–b passes through (corners included) is walkable.
 *
 * @param {Object} grid
 * @param {number[]} a - plan point
 * @param {number[]} b - plan point
 * @return {boolean}
 */
export function lineOfSight( grid, a, b ) {

	const { x0, y0, cellSize, cols, rows, walkable } = grid;
	const ax = ( a[ 0 ] - x0 ) / cellSize, ay = ( a[ 1 ] - y0 ) / cellSize;
	const bx = ( b[ 0 ] - x0 ) / cellSize, by = ( b[ 1 ] - y0 ) / cellSize;
	let i = Math.floor( ax ), j = Math.floor( ay );
	const iEnd = Math.floor( bx ), jEnd = Math.floor( by );
	const dx = bx - ax, dy = by - ay;
	const stepI = Math.sign( dx ), stepJ = Math.sign( dy );
	const tDeltaX = stepI !== 0 ? Math.abs( 1 / dx ) : Infinity;
	const tDeltaY = stepJ !== 0 ? Math.abs( 1 / dy ) : Infinity;
	let tMaxX = stepI > 0 ? ( i + 1 - ax ) * tDeltaX : stepI < 0 ? ( ax - i ) * tDeltaX : Infinity;
	let tMaxY = stepJ > 0 ? ( j + 1 - ay ) * tDeltaY : stepJ < 0 ? ( ay - j ) * tDeltaY : Infinity;

	const free = ( ci, cj ) => ci >= 0 && cj >= 0 && ci < cols && cj < rows && walkable[ cj * cols + ci ] === 1;

	if ( ! free( i, j ) ) return false;
	let guard = Math.abs( iEnd - i ) + Math.abs( jEnd - j ) + 2;

	while ( ( i !== iEnd || j !== jEnd ) && guard -- > 0 ) {

		if ( Math.abs( tMaxX - tMaxY ) < 1e-9 ) {

			// through a cell corner: both cells beside it count
			if ( ! free( i + stepI, j ) || ! free( i, j + stepJ ) ) return false;
			i += stepI; j += stepJ;
			tMaxX += tDeltaX; tMaxY += tDeltaY;

		} else if ( tMaxX < tMaxY ) {

			i += stepI;
			tMaxX += tDeltaX;

		} else {

			j += stepJ;
			tMaxY += tDeltaY;

		}

		if ( tMaxX > 1 + 1e-9 && tMaxY > 1 + 1e-9 && ( i !== iEnd || j !== jEnd ) ) {

			// rounding left us short of the end cell: finish on it
			i = iEnd; j = jEnd;

		}

		if ( ! free( i, j ) ) return false;

	}

	return true;

}

/**
 * Length of a polyline (m).
 *
 * @param {number[][]} points
 * @return {number}
 */
export function pathLength( points ) {

	let length = 0;
	for ( let k = 1; k < points.length; k ++ ) length += Math.hypot( points[ k ][ 0 ] - points[ k - 1 ][ 0 ], points[ k ][ 1 ] - points[ k - 1 ][ 1 ] );
	return length;

}

/**
 * Whether plan point (x, y) is on a walkable cell.
 *
 * @param {Object} grid
 * @param {number} x
 * @param {number} y
 * @return {boolean}
 */
export function walkableAt( grid, x, y ) {

	const cell = cellOf( grid, x, y );
	return cell >= 0 && grid.walkable[ cell ] === 1;

}

// helpers

function boothRect( booth ) {

	if ( booth && Array.isArray( booth.rect ) && booth.rect.length === 4 ) return booth.rect;
	if ( booth && Array.isArray( booth.footprint ) && booth.footprint.length > 0 ) {

		const xs = booth.footprint.map( ( p ) => p[ 0 ] ), ys = booth.footprint.map( ( p ) => p[ 1 ] );
		return [ Math.min( ...xs ), Math.min( ...ys ), Math.max( ...xs ), Math.max( ...ys ) ];

	}

	return null;

}

function columnsOf( hall, x0, y0, x1, y1 ) {

	const columns = hall.columns;
	if ( Array.isArray( columns ) ) return columns.filter( ( c ) => c && Array.isArray( c.at ) && c.size > 0 );
	if ( ! columns || ! Array.isArray( columns.origin ) || ! Array.isArray( columns.spacing ) || ! ( columns.size > 0 ) ) return [];

	// the hall spec's grid form, repeated over the outline
	const [ ox, oy ] = columns.origin, [ sx, sy ] = columns.spacing;
	if ( ! ( sx > 0 && sy > 0 ) ) return [];
	const list = [];
	for ( let x = ox - Math.floor( ( ox - x0 ) / sx ) * sx; x <= x1; x += sx ) {

		for ( let y = oy - Math.floor( ( oy - y0 ) / sy ) * sy; y <= y1; y += sy ) {

			if ( insidePolygon( hall.outline, x, y ) ) list.push( { at: [ x, y ], size: columns.size } );

		}

	}

	return list;

}

function blockRect( grid, rect, clearance ) {

	const [ rx0, ry0, rx1, ry1 ] = rect;
	const { x0, y0, cellSize, cols, rows, walkable } = grid;
	const i0 = Math.max( 0, Math.floor( ( rx0 - clearance - x0 ) / cellSize ) );
	const i1 = Math.min( cols - 1, Math.floor( ( rx1 + clearance - x0 ) / cellSize ) );
	const j0 = Math.max( 0, Math.floor( ( ry0 - clearance - y0 ) / cellSize ) );
	const j1 = Math.min( rows - 1, Math.floor( ( ry1 + clearance - y0 ) / cellSize ) );

	for ( let j = j0; j <= j1; j ++ ) {

		const y = y0 + ( j + 0.5 ) * cellSize;
		const dy = Math.max( ry0 - y, 0, y - ry1 );
		for ( let i = i0; i <= i1; i ++ ) {

			const x = x0 + ( i + 0.5 ) * cellSize;
			const dx = Math.max( rx0 - x, 0, x - rx1 );
			if ( dx * dx + dy * dy < clearance * clearance ) walkable[ j * cols + i ] = 0;

		}

	}

}

function blockPolygon( grid, polygon, clearance ) {

	if ( ! Array.isArray( polygon ) || polygon.length < 3 ) return;
	const { x0, y0, cellSize, cols, rows, walkable } = grid;
	const xs = polygon.map( ( p ) => p[ 0 ] ), ys = polygon.map( ( p ) => p[ 1 ] );
	const i0 = Math.max( 0, Math.floor( ( Math.min( ...xs ) - clearance - x0 ) / cellSize ) );
	const i1 = Math.min( cols - 1, Math.floor( ( Math.max( ...xs ) + clearance - x0 ) / cellSize ) );
	const j0 = Math.max( 0, Math.floor( ( Math.min( ...ys ) - clearance - y0 ) / cellSize ) );
	const j1 = Math.min( rows - 1, Math.floor( ( Math.max( ...ys ) + clearance - y0 ) / cellSize ) );

	for ( let j = j0; j <= j1; j ++ ) {

		const y = y0 + ( j + 0.5 ) * cellSize;
		for ( let i = i0; i <= i1; i ++ ) {

			const x = x0 + ( i + 0.5 ) * cellSize;
			if ( insidePolygon( polygon, x, y ) || distanceToEdges( polygon, x, y ) < clearance ) walkable[ j * cols + i ] = 0;

		}

	}

}

function cellOf( grid, x, y ) {

	const i = Math.floor( ( x - grid.x0 ) / grid.cellSize );
	const j = Math.floor( ( y - grid.y0 ) / grid.cellSize );
	if ( i < 0 || j < 0 || i >= grid.cols || j >= grid.rows ) return - 1;
	return j * grid.cols + i;

}

function centreOf( grid, cell ) {

	const i = cell % grid.cols, j = ( cell - i ) / grid.cols;
	return [ grid.x0 + ( i + 0.5 ) * grid.cellSize, grid.y0 + ( j + 0.5 ) * grid.cellSize ];

}

// the walkable cell nearest to (x, y) within `radius` metres, or -1
function nearestWalkable( grid, x, y, radius = 10 ) {

	const { cols, rows, walkable, cellSize } = grid;
	const ci = Math.floor( ( x - grid.x0 ) / cellSize ), cj = Math.floor( ( y - grid.y0 ) / cellSize );
	const reach = Math.ceil( radius / cellSize );
	let best = - 1, bestDistance = Infinity;

	for ( let ring = 0; ring <= reach; ring ++ ) {

		// a cell found on ring r may still lose to one on ring r + 1 (corners are farther than edges)
		if ( best >= 0 && ( ring - 1 ) * cellSize > bestDistance ) break;
		for ( let j = cj - ring; j <= cj + ring; j ++ ) {

			for ( let i = ci - ring; i <= ci + ring; i ++ ) {

				if ( Math.max( Math.abs( i - ci ), Math.abs( j - cj ) ) !== ring ) continue;
				if ( i < 0 || j < 0 || i >= cols || j >= rows || ! walkable[ j * cols + i ] ) continue;
				const d = Math.hypot( grid.x0 + ( i + 0.5 ) * cellSize - x, grid.y0 + ( j + 0.5 ) * cellSize - y );
				if ( d < bestDistance ) {

					best = j * cols + i;
					bestDistance = d;

				}

			}

		}

	}

	return best;

}

// a walkable point in the aisle outside an open side: straight out from its
// middle first, then a little nearer or farther, then along the side
function freePointNear( grid, goal ) {

	const [ fx, fy ] = goal.front;
	const nx = - goal.facing[ 0 ], ny = - goal.facing[ 1 ];
	const out = Math.hypot( goal.at[ 0 ] - fx, goal.at[ 1 ] - fy );
	const along = [ 0 ];
	for ( let s = 0.5; s <= goal.halfLength - 0.25; s += 0.5 ) along.push( s, - s );

	for ( const lateral of along ) {

		for ( const d of [ out, out - 0.3, out + 0.3, out + 0.7, 0.6, out + 1.2 ] ) {

			if ( d <= 0 ) continue;
			const x = fx + nx * d - ny * lateral;
			const y = fy + ny * d + nx * lateral;
			if ( walkableAt( grid, x, y ) ) return [ x, y ];

		}

	}

	return null;

}

function insidePolygon( polygon, x, y ) {

	let inside = false;
	for ( let i = 0, j = polygon.length - 1; i < polygon.length; j = i ++ ) {

		const xi = polygon[ i ][ 0 ], yi = polygon[ i ][ 1 ];
		const xj = polygon[ j ][ 0 ], yj = polygon[ j ][ 1 ];
		if ( ( yi > y ) !== ( yj > y ) && x < ( xj - xi ) * ( y - yi ) / ( yj - yi ) + xi ) inside = ! inside;

	}

	return inside;

}

function distanceToEdges( polygon, x, y ) {

	let best = Infinity;
	for ( let i = 0, j = polygon.length - 1; i < polygon.length; j = i ++ ) {

		const ax = polygon[ j ][ 0 ], ay = polygon[ j ][ 1 ];
		const ex = polygon[ i ][ 0 ] - ax, ey = polygon[ i ][ 1 ] - ay;
		const length2 = ex * ex + ey * ey;
		const t = length2 > 0 ? Math.min( 1, Math.max( 0, ( ( x - ax ) * ex + ( y - ay ) * ey ) / length2 ) ) : 0;
		const d = Math.hypot( x - ax - t * ex, y - ay - t * ey );
		if ( d < best ) best = d;

	}

	return best;

}

// binary min-heap of (node, key)
class MinHeap {

	constructor() {

		this.nodes = [];
		this.keys = [];

	}

	get size() {

		return this.nodes.length;

	}

	push( node, key ) {

		const nodes = this.nodes, keys = this.keys;
		let k = nodes.length;
		nodes.push( node );
		keys.push( key );

		while ( k > 0 ) {

			const up = ( k - 1 ) >> 1;
			if ( keys[ up ] <= key ) break;
			nodes[ k ] = nodes[ up ];
			keys[ k ] = keys[ up ];
			k = up;

		}

		nodes[ k ] = node;
		keys[ k ] = key;

	}

	pop() {

		const nodes = this.nodes, keys = this.keys;
		const top = nodes[ 0 ];
		const lastNode = nodes.pop();
		const lastKey = keys.pop();
		const size = nodes.length;
		if ( size === 0 ) return top;

		let k = 0;
		for ( ;; ) {

			let child = 2 * k + 1;
			if ( child >= size ) break;
			if ( child + 1 < size && keys[ child + 1 ] < keys[ child ] ) child ++;
			if ( keys[ child ] >= lastKey ) break;
			nodes[ k ] = nodes[ child ];
			keys[ k ] = keys[ child ];
			k = child;

		}

		nodes[ k ] = lastNode;
		keys[ k ] = lastKey;
		return top;

	}

}
