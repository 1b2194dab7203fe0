// Where a dragged or nudged booth lands in the organiser console's plan
// editor: its sides onto a neighbour's, an aisle's or a wall's edge within
// EDGE_SNAP_M, else its lower-left corner onto the SNAP_M grid. Pure
// functions, tested under node; a rect is [x0, y0, x1, y1] in plan metres.

/** The grid a dragged booth's corner snaps to (m). */
export const SNAP_M = 0.5;

/** `value` to the nearest multiple of `step`. */
export function snap( value, step = SNAP_M ) {

	return Math.round( value / step ) * step;

}

/** `rect` moved by (dx, dy) with its lower-left corner on the `step` grid. */
export function movedRect( rect, dx, dy, step = SNAP_M ) {

	const x0 = snap( rect[ 0 ] + dx, step );
	const y0 = snap( rect[ 1 ] + dy, step );
	const round = ( v ) => Math.round( v * 1000 ) / 1000;
	return [ round( x0 ), round( y0 ), round( x0 + rect[ 2 ] - rect[ 0 ] ), round( y0 + rect[ 3 ] - rect[ 1 ] ) ];

}

/** A dragged booth's edge this close to a neighbour's, an aisle's or a wall's snaps to it (m). */
export const EDGE_SNAP_M = 0.4;

/**
 * The axis-aligned edges of `rects` ([x0, y0, x1, y1]) and `polygons` ([[x, y], ...]), what a
 * dragged booth snaps to: `{xs: [[x, y0, y1]], ys: [[y, x0, x1]]}` (slanted edges are left out).
 */
export function edgesOf( rects, polygons = [] ) {

	const xs = [];
	const ys = [];
	for ( const r of rects ) {

		xs.push( [ r[ 0 ], r[ 1 ], r[ 3 ] ], [ r[ 2 ], r[ 1 ], r[ 3 ] ] );
		ys.push( [ r[ 1 ], r[ 0 ], r[ 2 ] ], [ r[ 3 ], r[ 0 ], r[ 2 ] ] );

	}

	for ( const polygon of polygons ) {

		polygon.forEach( ( q, i ) => {

			const p = polygon[ ( i || polygon.length ) - 1 ];
			if ( p[ 0 ] === q[ 0 ] && p[ 1 ] !== q[ 1 ] ) xs.push( [ p[ 0 ], Math.min( p[ 1 ], q[ 1 ] ), Math.max( p[ 1 ], q[ 1 ] ) ] );
			if ( p[ 1 ] === q[ 1 ] && p[ 0 ] !== q[ 0 ] ) ys.push( [ p[ 1 ], Math.min( p[ 0 ], q[ 0 ] ), Math.max( p[ 0 ], q[ 0 ] ) ] );

		} );

	}

	return { xs, ys };

}

// `lo`..`hi` on one axis (the booth's span across it `from`..`to`) onto the nearest line within
// `within` that runs beside it, else its `lo` onto the `step` grid: the new `lo`
function snapSpan( lo, hi, from, to, lines, within, step ) {

	let best = null;
	for ( const [ at, start, end ] of lines ) {

		if ( Math.min( end, to ) - Math.max( start, from ) < - within ) continue; // not beside the booth
		for ( const edge of [ lo, hi ] ) {

			const by = at - edge;
			if ( Math.abs( by ) <= within && ( best === null || Math.abs( by ) < Math.abs( best ) ) ) best = by;

		}

	}

	return best === null ? snap( lo, step ) : lo + best;

}

/**
 * `rect` moved by (dx, dy), each of its sides onto an edge of `edges` (see edgesOf) that runs beside
 * it within `within` m, else its lower-left corner onto the `step` grid; rounded to the millimetre.
 */
export function snappedRect( rect, dx, dy, edges, within = EDGE_SNAP_M, step = SNAP_M ) {

	const r = [ rect[ 0 ] + dx, rect[ 1 ] + dy, rect[ 2 ] + dx, rect[ 3 ] + dy ];
	const x0 = snapSpan( r[ 0 ], r[ 2 ], r[ 1 ], r[ 3 ], edges.xs, within, step );
	const y0 = snapSpan( r[ 1 ], r[ 3 ], r[ 0 ], r[ 2 ], edges.ys, within, step );
	const round = ( v ) => Math.round( v * 1000 ) / 1000;
	return [ round( x0 ), round( y0 ), round( x0 + rect[ 2 ] - rect[ 0 ] ), round( y0 + rect[ 3 ] - rect[ 1 ] ) ];

}
