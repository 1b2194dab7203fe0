// Heads-up display: fair and hall names, hall selector, crosshair, help line,
// loading overlay with progress, error message. All text goes in through
// textContent: names come from spreadsheets.

import { t } from './i18n.js';

export class Hud {

	/**
	 * @param {Document} doc
	 */
	constructor( doc = document ) {

		this.fairName = doc.getElementById( 'fair-name' );
		this.hallName = doc.getElementById( 'hall-name' );
		this.hallPicker = doc.getElementById( 'hall-picker' );
		this.hallSelect = doc.getElementById( 'hall-select' );
		this.crosshair = doc.getElementById( 'crosshair' );
		this.help = doc.getElementById( 'help' );
		this.overlay = doc.getElementById( 'overlay' );
		this.overlayMessage = doc.getElementById( 'overlay-message' );
		this.overlayProgress = doc.getElementById( 'overlay-progress' );
		this.overlayDetail = doc.getElementById( 'overlay-detail' );

		this._onHallChange = null;
		this._onSelectChange = () => {

			const id = this.hallSelect.value;
			this.hallSelect.blur(); // give the arrow keys back to walking
			if ( this._onHallChange ) this._onHallChange( id );

		};
		this.hallSelect.addEventListener( 'change', this._onSelectChange );

	}

	/**
	 * @param {string} name - fair name
	 */
	setFair( name ) {

		this.fairName.textContent = name || t( 'hud.exhibition' );
		this.fairName.ownerDocument.title = name ? `${name} · halllayout` : 'halllayout';

	}

	/**
	 * Fills the hall selector (shown only when there are several halls).
	 *
	 * @param {Array<{id: string, name: string}>} halls
	 * @param {(id: string) => void} onChange
	 */
	setHalls( halls, onChange ) {

		this._onHallChange = onChange;
		this.hallSelect.replaceChildren();

		for ( const hall of halls ) {

			const option = this.hallSelect.ownerDocument.createElement( 'option' );
			option.value = hall.id;
			option.textContent = hall.name || hall.id;
			this.hallSelect.appendChild( option );

		}

		this.hallPicker.hidden = halls.length < 2;

	}

	/**
	 * @param {{id: string, name: string}|null} hall - the hall now shown
	 */
	setCurrentHall( hall ) {

		if ( hall ) this.hallSelect.value = hall.id;
		// with a selector the hall name is in it already; a one-hall fair is often named after its hall
		const name = hall ? ( hall.name || hall.id ) : '';
		this.hallName.textContent = this.hallPicker.hidden && name !== this.fairName.textContent ? name : '';

	}

	/** Shows the crosshair while the pointer is locked. */
	setLocked( locked ) {

		this.crosshair.hidden = ! locked;

	}

	showLoading( message ) {

		this.overlay.classList.remove( 'error' );
		this.overlay.hidden = false;
		this.overlayMessage.textContent = message;
		this.overlayDetail.textContent = '';
		this.overlayProgress.hidden = false;
		this.overlayProgress.removeAttribute( 'value' ); // indeterminate until sizes are known

	}

	/**
	 * @param {number} loaded - bytes
	 * @param {number} total - bytes; 0 when unknown
	 */
	setProgress( loaded, total ) {

		if ( total > 0 ) {

			this.overlayProgress.max = total;
			this.overlayProgress.value = Math.min( loaded, total );
			const percent = Math.floor( Math.min( loaded, total ) / total * 100 );
			this.overlayDetail.textContent = t( 'hud.loaded_of', { percent, loaded: megabytes( loaded ), total: megabytes( total ) } );
			this.overlayProgress.setAttribute( 'aria-valuetext', `${percent} %` );

		} else {

			this.overlayProgress.removeAttribute( 'value' );
			this.overlayDetail.textContent = t( 'hud.loaded', { loaded: megabytes( loaded ) } );

		}

	}

	setDetail( text ) {

		this.overlayDetail.textContent = text;

	}

	/**
	 * A small status line while the hall is already drawn but not yet walkable
	 * (the collision world is being built); null hides it.
	 *
	 * @param {string|null} message
	 */
	showPreparing( message ) {

		if ( ! this.preparing ) {

			this.preparing = this.overlay.ownerDocument.createElement( 'p' );
			this.preparing.id = 'preparing';
			this.preparing.setAttribute( 'role', 'status' );
			this.overlay.ownerDocument.body.appendChild( this.preparing );

		}

		this.preparing.hidden = message === null;
		this.preparing.textContent = message || '';

	}

	hideOverlay() {

		this.overlay.hidden = true;

	}

	/**
	 * @param {string} message - shown as is (textContent)
	 */
	showError( message ) {

		this.overlay.classList.add( 'error' );
		this.overlay.hidden = false;
		this.overlayMessage.textContent = message;
		this.overlayProgress.hidden = true;
		this.overlayDetail.textContent = t( this.hallPicker.hidden ? 'hud.retry' : 'hud.retry_or_pick' );

	}

	dispose() {

		this.hallSelect.removeEventListener( 'change', this._onSelectChange );

	}

}

function megabytes( bytes ) {

	return ( bytes / 1048576 ).toFixed( 1 );

}
