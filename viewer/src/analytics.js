// Analytics: what the visitor does, queued and sent to the platform in
// batches (POST /api/events), never a request per frame.
//
//   visit             once, when the viewer starts
//   booth_visit       the booth panel's time open, booth-open to booth-close (or
//                     to the hall unloading or the page going away), as value
//                     (s); time while the page is hidden does not count
//   product_view      the 3D product viewer opened on a product (a click on a
//                     panel's "View in 3D"); new_product_view as well when the
//                     product is marked new (an exhibitor's portal upload)
//   position          every ~2 s while the walker moves (≥ 0.5 m since the last
//                     sample): the hall and the plan point (x east, y north; the
//                     world point is (x, 0, −y))
//
// The queue is sent every 10 s with fetch, and when the page is hidden or
// goes away with navigator.sendBeacon (text/plain JSON, no CSRF header: the
// endpoint takes beacons). A batch that fails is tried once more with the next
// flush and then dropped; nothing here ever throws into the viewer. Visitors
// are told apart only by the server's random session key: no personal data.

import { worldToPlan } from './plan.js';

export const ANALYTICS_SETTINGS = {
	/** Where batches go. */
	url: '/api/events',
	/** Seconds between flushes of the queue. */
	flushSeconds: 10,
	/** Seconds between position samples. */
	positionSeconds: 2,
	/** Metres the walker must have moved since the last sample for a new one. */
	minMove: 0.5,
	/** Most events in one request (the server takes 500; a beacon carries at most 64 KiB). */
	batchSize: 250,
	/** Most events kept waiting (the oldest go first when the server is unreachable). */
	maxQueue: 2000,
};

/**
 * A queue of events and the batches that carry them to the server.
 */
export class EventQueue {

	/**
	 * @param {Object} settings - ANALYTICS_SETTINGS
	 * @param {Object} transport
	 * @param {(url: string, body: string) => Promise<number>} transport.post - resolves to the HTTP status
	 * @param {(url: string, body: string) => boolean} transport.beacon - true when the browser took it
	 */
	constructor( settings, transport ) {

		this.settings = settings;
		this.transport = transport;
		/** Events waiting: { kind, at, ... } */
		this.pending = [];
		/** A batch that failed once: tried again with the next flush, then dropped. */
		this.retry = null;
		/** Counters for tests and debugging. */
		this.stats = { recorded: 0, sent: 0, dropped: 0, requests: 0 };
		this._sending = null;

	}

	/**
	 * Queues an event, stamped with the time now.
	 *
	 * @param {Object} event - { kind, hall?, booth?, product?, value?, x?, y? }
	 */
	record( event ) {

		this.pending.push( { ...event, at: new Date().toISOString() } );
		this.stats.recorded ++;
		const over = this.pending.length - this.settings.maxQueue;
		if ( over > 0 ) {

			this.pending.splice( 0, over );
			this.stats.dropped += over;

		}

	}

	get size() {

		return this.pending.length + ( this.retry ? this.retry.length : 0 );

	}

	_take() {

		return this.pending.splice( 0, this.settings.batchSize );

	}

	_body( events ) {

		return JSON.stringify( { sent: new Date().toISOString(), events } );

	}

	/**
	 * Sends what is queued, a batch at a time, with fetch. Resolves when done; never rejects.
	 *
	 * @return {Promise<void>}
	 */
	flush() {

		if ( this._sending ) return this._sending;
		this._sending = this._send().finally( () => {

			this._sending = null;

		} );
		return this._sending;

	}

	async _send() {

		if ( this.retry ) {

			const batch = this.retry;
			this.retry = null;
			if ( ! await this._post( batch ) ) this.stats.dropped += batch.length;

		}

		while ( this.pending.length > 0 ) {

			const batch = this._take();
			if ( ! await this._post( batch ) ) {

				if ( this.retry ) this.stats.dropped += this.retry.length;
				this.retry = batch;
				return; // the server is unwell: wait for the next flush

			}

		}

	}

	/** Posts a batch; false when it should be tried again (no answer, 429 or 5xx). */
	async _post( batch ) {

		this.stats.requests ++;
		let status = 0;
		try {

			status = await this.transport.post( this.settings.url, this._body( batch ) );

		} catch ( err ) {

			status = 0;

		}

		if ( status >= 200 && status < 300 ) {

			this.stats.sent += batch.length;
			return true;

		}

		if ( status >= 400 && status < 500 && status !== 429 ) {

			this.stats.dropped += batch.length; // refused: it would be refused again
			return true;

		}

		return false;

	}

	/**
	 * Hands everything queued to the browser as beacons (the page is going away or hidden).
	 */
	beaconAll() {

		const batches = [];
		if ( this.retry ) batches.push( this.retry );
		this.retry = null;
		while ( this.pending.length > 0 ) batches.push( this._take() );

		for ( const batch of batches ) {

			this.stats.requests ++;
			let taken = false;
			try {

				taken = this.transport.beacon( this.settings.url, this._body( batch ) );

			} catch ( err ) {

				taken = false;

			}

			if ( taken ) this.stats.sent += batch.length;
			else this.stats.dropped += batch.length;

		}

	}

}

/** The transport of the page: fetch for flushes, navigator.sendBeacon when it goes away. */
export const BROWSER_TRANSPORT = {

	async post( url, body ) {

		const response = await fetch( url, {
			method: 'POST',
			body,
			headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
			credentials: 'same-origin',
			keepalive: body.length < 60000,
		} );
		return response.status;

	},

	beacon( url, body ) {

		if ( typeof navigator.sendBeacon === 'function' ) {

			return navigator.sendBeacon( url, new Blob( [ body ], { type: 'text/plain;charset=UTF-8' } ) );

		}

		fetch( url, { method: 'POST', body, keepalive: true, credentials: 'same-origin' } ).catch( () => {} );
		return true;

	},

};

/**
 * The product id (`<ref>/<n>`, as models.json keys it) of the product shown in a
 * booth panel's product list item, or null.
 *
 * @param {Object} booth - manifest booth
 * @param {string} name - the product's name as the list shows it
 * @return {string|null}
 */
export function productId( booth, name ) {

	const list = Array.isArray( booth && booth.products ) ? booth.products : [];
	const index = list.findIndex( ( product ) => String( product ) === name );
	return index >= 0 && booth.ref ? `${booth.ref}/${index + 1}` : null;

}

/**
 * @param {import('./context.js').ViewerContext} ctx
 * @param {Object} [settings]
 * @param {Object} [transport]
 */
export function install( ctx, settings = ANALYTICS_SETTINGS, transport = BROWSER_TRANSPORT ) {

	const queue = new EventQueue( settings, transport );
	const doc = ctx.canvas.ownerDocument;
	const win = doc.defaultView;

	queue.record( { kind: 'visit' } );

	// booth visits: the panel's time open, not counting time hidden

	let open = null; // { booth, hall, seconds, since } while the panel shows a booth

	function endBoothVisit() {

		if ( open === null ) return;
		const seconds = open.seconds + ( open.since === null ? 0 : ( performance.now() - open.since ) / 1000 );
		const event = { kind: 'booth_visit', booth: String( open.booth.number ), value: Math.round( seconds * 10 ) / 10 };
		if ( open.hall ) event.hall = open.hall;
		queue.record( event );
		open = null;

	}

	ctx.addEventListener( 'booth-open', ( { booth } ) => {

		if ( open !== null && open.booth === booth ) return;
		endBoothVisit();
		if ( booth && booth.number ) {

			open = { booth, hall: ctx.hall ? String( ctx.hall.id ) : '', seconds: 0, since: doc.hidden ? null : performance.now() };

		}

	} );
	ctx.addEventListener( 'booth-close', endBoothVisit );
	ctx.addEventListener( 'hall-unload', endBoothVisit );

	// product views: a click on "View in 3D" in the booth panel (panel.js)

	doc.addEventListener( 'click', ( event ) => {

		const button = event.target instanceof Element ? event.target.closest( '#booth-panel-products button.view-3d' ) : null;
		if ( ! button || open === null ) return;
		const item = button.closest( 'li' );
		// panel.js keeps the product's id on its item (`<ref>/<n>`, or `upload/<id>` for a portal upload)
		const name = item ? item.querySelector( '.product-name' ) : null;
		const id = item && item.dataset.product ? item.dataset.product : ( name ? productId( open.booth, name.textContent ) : null );
		if ( id === null ) return;
		const event_ = { kind: 'product_view', booth: String( open.booth.number ), product: id };
		queue.record( event_ );
		const models = ctx.manifest && ctx.manifest.models ? ctx.manifest.models : {};
		const entry = models[ id ];
		const isNew = item.dataset.new === '1' || ( entry && ( entry.is_new === true || entry.new === true ) );
		if ( isNew ) queue.record( { ...event_, kind: 'new_product_view' } );

	}, true );

	// positions while walking

	let sinceSample = 0;
	let last = null; // { hall, x, y } of the last sample

	ctx.addEventListener( 'frame', ( { delta } ) => {

		sinceSample += delta;
		if ( sinceSample < settings.positionSeconds || ctx.hall === null ) return;
		sinceSample = 0;
		const [ x, y ] = worldToPlan( ctx.camera.position );
		const hall = String( ctx.hall.id );
		if ( last !== null && last.hall === hall && Math.hypot( x - last.x, y - last.y ) < settings.minMove ) return;
		const first = last === null || last.hall !== hall;
		last = { hall, x, y };
		if ( first ) return; // arriving (spawn or hall switch) is not walking
		queue.record( { kind: 'position', hall, x: Math.round( x * 100 ) / 100, y: Math.round( y * 100 ) / 100 } );

	} );

	// sending

	const timer = win.setInterval( () => {

		if ( queue.size > 0 ) queue.flush();

	}, settings.flushSeconds * 1000 );

	doc.addEventListener( 'visibilitychange', () => {

		if ( doc.visibilityState === 'hidden' ) {

			if ( open !== null && open.since !== null ) {

				open.seconds += ( performance.now() - open.since ) / 1000;
				open.since = null;

			}

			queue.beaconAll();

		} else if ( open !== null && open.since === null ) {

			open.since = performance.now();

		}

	} );

	win.addEventListener( 'pagehide', () => {

		endBoothVisit();
		queue.beaconAll();

	} );

	/** test hook: the queue's counters, and flush() now instead of in up to 10 s */
	ctx.viewer.analytics = {
		get queued() {

			return queue.size;

		},
		get stats() {

			return { ...queue.stats };

		},
		flush: () => queue.flush(),
		stop: () => win.clearInterval( timer ),
	};

}
