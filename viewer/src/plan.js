// Plan coordinates (metres, x east, y north) versus three.js world
// coordinates (+Y up): the plan point (x, y) at height h is the world point
// (x, h, -y), as in the GLB the engine writes.

/**
 * Sets `target` to the world point of plan point (x, y) at height h.
 *
 * @param {number} x - plan x (m, east)
 * @param {number} y - plan y (m, north)
 * @param {number} h - height above the floor (m)
 * @param {import('three').Vector3} target
 * @return {import('three').Vector3} target
 */
export function planToWorld( x, y, h, target ) {

	return target.set( x, h, - y );

}

/**
 * Plan point [x, y] of a world point.
 *
 * @param {import('three').Vector3} v
 * @return {number[]} [x, y]
 */
export function worldToPlan( v ) {

	return [ v.x, - v.z ];

}

/**
 * Distance (m) from plan point (x, y) to a booth rect [x0, y0, x1, y1];
 * 0 inside or on the edge.
 */
export function distanceToRect( rect, x, y ) {

	const [ x0, y0, x1, y1 ] = rect;
	const dx = Math.max( x0 - x, 0, x - x1 );
	const dy = Math.max( y0 - y, 0, y - y1 );
	return Math.hypot( dx, dy );

}

/**
 * The booth whose rect holds plan point (x, y), allowing `tolerance` metres
 * outside the rect so hits on wall panels and fascias on the rect edge count.
 * Where several qualify (neighbours share edges) the closest one wins, and
 * between rects that all contain the point, the one whose centre is nearest.
 *
 * @param {Array<Object>} booths - manifest booths of one hall
 * @param {number} x - plan x (m)
 * @param {number} y - plan y (m)
 * @param {number} [tolerance=0.1] - metres
 * @return {Object|null} the booth, or null
 */
export function boothAt( booths, x, y, tolerance = 0.1 ) {

	let best = null;
	let bestDistance = Infinity;
	let bestCentre = Infinity;

	for ( const booth of booths ) {

		const d = distanceToRect( booth.rect, x, y );
		if ( d > tolerance ) continue;

		const [ x0, y0, x1, y1 ] = booth.rect;
		const c = Math.hypot( x - ( x0 + x1 ) / 2, y - ( y0 + y1 ) / 2 );

		if ( d < bestDistance || ( d === bestDistance && c < bestCentre ) ) {

			best = booth;
			bestDistance = d;
			bestCentre = c;

		}

	}

	return best;

}

/**
 * Whether plan point (x, y) lies inside a polygon given as [[x, y], ...].
 */
export function pointInPolygon( polygon, x, y ) {

	let inside = false;

	for ( let i = 0, j = polygon.length - 1; i < polygon.length; j = i ++ ) {

		const [ xi, yi ] = polygon[ i ];
		const [ xj, yj ] = polygon[ j ];

		if ( ( yi > y ) !== ( yj > y ) && x < ( xj - xi ) * ( y - yi ) / ( yj - yi ) + xi ) inside = ! inside;

	}

	return inside;

}

/**
 * Booth size as text, e.g. "6 × 3 m (18 m²)".
 */
export function boothSizeText( rect ) {

	const [ x0, y0, x1, y1 ] = rect;
	const w = x1 - x0;
	const d = y1 - y0;
	return `${formatMetres( w )} × ${formatMetres( d )} m (${formatMetres( w * d )} m²)`;

}

function formatMetres( value ) {

	return String( Math.round( value * 100 ) / 100 );

}
