// Booth search over the whole fair: pure functions on the manifest, shared by
// the 3D viewer's search box (searchbox.js) and the booth directory
// (directory.js), and run under node by tests/test_viewer_search.py.
//
// A query matches a booth's number (`A0101`, also `a101`: leading zeros of the
// digits do not count), exhibitor name in Chinese or English, product names,
// zone, and the pinyin of the Chinese name that the server puts in the
// manifest (`pinyin`: `zheng zhou …`; `zhengzhou` and the initials `zz` match).
// Case and width do not matter (NFKC: `Ａ０１０１` is `A0101`).
//
// Ranking, best first: the exact number; prefix matches; substrings; every
// word of the query somewhere in the booth. Within a rank: number, exhibitor,
// English name, product, zone, pinyin; then booth number order.

/** How well a booth matched, best first. */
export const RANK = Object.freeze( { EXACT: 0, PREFIX: 1, SUBSTRING: 2, WORDS: 3 } );

/** The fields a match can be found in, in order of preference within a rank. */
export const FIELDS = Object.freeze( [ 'number', 'exhibitor', 'exhibitor_en', 'product', 'zone', 'pinyin' ] );

/** Results the search box shows at most. */
export const DEFAULT_LIMIT = 20;

const FIELD_ORDER = Object.fromEntries( FIELDS.map( ( field, i ) => [ field, i ] ) );
const numberOrder = new Intl.Collator( 'en', { numeric: true, sensitivity: 'base' } );

/**
 * Text as the search compares it: NFKC (full-width letters and digits become
 * ASCII), lower case, runs of white space as one space, trimmed.
 *
 * @param {*} text
 * @return {string}
 */
export function normalize( text ) {

	if ( text === null || text === undefined ) return '';
	return String( text ).normalize( 'NFKC' ).toLowerCase().replace( /\s+/g, ' ' ).trim();

}

/**
 * A booth number with separators dropped and the leading zeros of each run of
 * digits removed: `A0101` and `a-101` are both `a101`.
 *
 * @param {string} text - normalized
 * @return {string}
 */
export function squeezeNumber( text ) {

	return text.replace( /[\s\-_./]+/g, '' ).replace( /\d+/g, ( digits ) => digits.replace( /^0+(?=\d)/, '' ) );

}

/**
 * The booths of every hall of a manifest (layout@2 keeps them with each hall,
 * layout@1 had one fair-wide list), with their halls.
 *
 * @param {Object} manifest
 * @return {Array<{booth: Object, hall: Object}>}
 */
export function fairBooths( manifest ) {

	const found = [];
	for ( const hall of ( manifest && manifest.halls ) || [] ) {

		const booths = Array.isArray( hall.booths ) ? hall.booths : ( manifest.booths || [] ).filter( ( b ) => b.hall === hall.id );
		for ( const booth of booths ) found.push( { booth, hall } );

	}

	return found;

}

/**
 * The search index of a fair: one entry per booth with its texts normalized
 * once, in booth number order.
 *
 * @param {Object} manifest - the fair manifest (`/api/fair`)
 * @return {Array<Object>} entries `{ booth, hall, number, squeezed, texts: [[field, normalized, original]], pinyin, syllableStarts, initials }`
 */
export function buildIndex( manifest ) {

	const entries = fairBooths( manifest ).map( ( { booth, hall } ) => {

		const number = normalize( booth.number );
		const texts = [];
		const add = ( field, value ) => {

			const text = normalize( value );
			if ( text !== '' ) texts.push( [ field, text, String( value ) ] );

		};

		add( 'exhibitor', booth.exhibitor );
		add( 'exhibitor_en', booth.exhibitor_en );
		for ( const product of Array.isArray( booth.products ) ? booth.products : [] ) add( 'product', productName( product ) );
		add( 'zone', booth.zone );

		const syllables = normalize( booth.pinyin ).split( ' ' ).filter( ( s ) => s !== '' );
		const starts = new Set();
		let at = 0;
		for ( const syllable of syllables ) {

			starts.add( at );
			at += syllable.length;

		}

		return {
			booth,
			hall,
			number,
			squeezed: squeezeNumber( number ),
			texts,
			pinyin: syllables.join( '' ),
			syllableStarts: starts,
			initials: syllables.map( ( s ) => s[ 0 ] ).join( '' ),
		};

	} );

	entries.sort( ( a, b ) => numberOrder.compare( a.booth.number, b.booth.number ) );
	return entries;

}

/**
 * The display name of a manifest product: a string, or an object with a name.
 *
 * @param {*} product
 * @return {string}
 */
export function productName( product ) {

	if ( product && typeof product === 'object' ) return String( product.name || product.name_en || '' );
	return product === null || product === undefined ? '' : String( product );

}

/**
 * The booths matching `query`, best first.
 *
 * @param {Array<Object>} index - from buildIndex()
 * @param {string} query - what the visitor typed
 * @param {Object} [options]
 * @param {number} [options.limit=DEFAULT_LIMIT] - at most this many results (Infinity for all)
 * @return {Array<{booth: Object, hall: Object, rank: number, field: string, text: string}>}
 *   `field` is where the query matched (one of FIELDS, or 'words') and `text` the original text matched there
 */
export function search( index, query, { limit = DEFAULT_LIMIT } = {} ) {

	const q = normalize( query );
	if ( q === '' ) return [];

	const squeezed = squeezeNumber( q );
	const letters = /^[a-z' ]+$/.test( q ) ? q.replace( /[' ]/g, '' ) : '';
	const words = q.split( ' ' );

	const results = [];
	for ( const entry of index ) {

		const match = matchEntry( entry, q, squeezed, letters, words );
		if ( match !== null ) results.push( { booth: entry.booth, hall: entry.hall, ...match } );

	}

	// stable: the index is in booth number order
	results.sort( ( a, b ) => a.rank - b.rank || ( FIELD_ORDER[ a.field ] ?? FIELDS.length ) - ( FIELD_ORDER[ b.field ] ?? FIELDS.length ) );
	return results.length > limit ? results.slice( 0, limit ) : results;

}

/**
 * The best match of a query in one index entry, or null.
 *
 * @param {Object} entry
 * @param {string} q - the normalized query
 * @param {string} squeezed - squeezeNumber(q)
 * @param {string} letters - the query as pinyin letters without spaces, '' when it is not one
 * @param {Array<string>} words - the query's words
 * @return {{rank: number, field: string, text: string}|null}
 */
function matchEntry( entry, q, squeezed, letters, words ) {

	const number = entry.booth.number;

	if ( entry.number === q || ( squeezed !== '' && entry.squeezed === squeezed ) ) return { rank: RANK.EXACT, field: 'number', text: number };

	let best = null;
	const offer = ( rank, field, text ) => {

		if ( best === null || rank < best.rank || ( rank === best.rank && FIELD_ORDER[ field ] < FIELD_ORDER[ best.field ] ) ) best = { rank, field, text };

	};

	// `a1` starts A1010 and, leading zeros aside, A0101; `a01` only starts A01…
	if ( entry.number.startsWith( q ) || ( squeezed === q && entry.squeezed.startsWith( squeezed ) ) ) return { rank: RANK.PREFIX, field: 'number', text: number };
	if ( entry.number.includes( q ) ) offer( RANK.SUBSTRING, 'number', number );

	for ( const [ field, text, original ] of entry.texts ) {

		if ( text.startsWith( q ) || text.includes( ' ' + q ) ) offer( RANK.PREFIX, field, original );
		else if ( text.includes( q ) ) offer( RANK.SUBSTRING, field, original );

	}

	if ( letters !== '' && entry.pinyin !== '' && ( best === null || best.rank > RANK.PREFIX ) ) {

		// whole syllables from the start of one: `zhengzhou`, `zhou`, but not the `zheng` of `shen|zhen|gong`
		const text = entry.booth.pinyin;
		if ( entry.pinyin.startsWith( letters ) || entry.initials.startsWith( letters ) ) offer( RANK.PREFIX, 'pinyin', text );
		else if ( atSyllable( entry, letters ) || ( letters.length > 1 && entry.initials.includes( letters ) ) ) offer( RANK.SUBSTRING, 'pinyin', text );

	}

	if ( best === null && words.length > 1 ) {

		const all = [ entry.number, entry.squeezed, entry.pinyin, entry.initials, ...entry.texts.map( ( t ) => t[ 1 ] ) ];
		if ( words.every( ( word ) => all.some( ( text ) => text.includes( word ) ) ) ) best = { rank: RANK.WORDS, field: 'words', text: '' };

	}

	return best;

}

/**
 * Whether `letters` occur in the entry's pinyin starting at a syllable.
 *
 * @param {Object} entry
 * @param {string} letters
 * @return {boolean}
 */
function atSyllable( entry, letters ) {

	for ( let i = entry.pinyin.indexOf( letters ); i !== - 1; i = entry.pinyin.indexOf( letters, i + 1 ) ) {

		if ( entry.syllableStarts.has( i ) ) return true;

	}

	return false;

}

/**
 * A hall as the search results and the directory name it: its name, with its
 * id in brackets when the name does not say it (`Pavilion 7 (B)`).
 *
 * @param {Object} hall - a manifest hall
 * @return {string}
 */
export function hallLabel( hall ) {

	const name = String( hall.name || '' ).trim();
	const id = String( hall.id );
	if ( name === '' ) return id;
	const escaped = id.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' );
	return new RegExp( `(^|[^0-9A-Za-z])${escaped}($|[^0-9A-Za-z])` ).test( name ) ? name : `${name} (${id})`;

}

/**
 * Plan point and heading for standing in front of a booth: `distance` m out
 * into the aisle from the middle of its front side, looking at the booth.
 *
 * @param {Object} booth - a manifest booth (`rect` [x0, y0, x1, y1], `front` 'N'|'S'|'E'|'W', N is +y)
 * @param {number} [distance=2.5] - metres
 * @return {{at: [number, number], heading: [number, number]}}
 */
export function frontOf( booth, distance = 2.5 ) {

	const [ x0, y0, x1, y1 ] = booth.rect;
	const cx = ( x0 + x1 ) / 2, cy = ( y0 + y1 ) / 2;
	const [ nx, ny ] = { N: [ 0, 1 ], S: [ 0, - 1 ], E: [ 1, 0 ], W: [ - 1, 0 ] }[ booth.front ] || [ 0, - 1 ];
	const half = nx !== 0 ? ( x1 - x0 ) / 2 : ( y1 - y0 ) / 2;
	return {
		at: [ cx + nx * ( half + distance ), cy + ny * ( half + distance ) ],
		heading: [ - nx, - ny ],
	};

}
