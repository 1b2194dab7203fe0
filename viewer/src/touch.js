// Phones and tablets: an on-screen joystick bottom-left to walk (the further
// it is pushed, the faster), and the touch gestures in the help line. Dragging
// one finger on the view turns it (controls.js); a tap on the floor walks there
// (clickmove.js) and a tap on a booth opens its panel (main.js), since a tap
// is a click. The canvas has `touch-action: none` (style.css), so a pinch on
// it neither zooms nor scrolls the page.

import { t } from './i18n.js';

/** How far the knob travels from the centre of the joystick (CSS px). */
const KNOB_TRAVEL = 44;

/** Pushes shorter than this fraction of the travel do nothing (a resting thumb). */
const DEAD_ZONE = 0.12;

/**
 * Whether this device is driven by touch (a phone, a tablet, a touch screen).
 *
 * @return {boolean}
 */
export function isTouchDevice() {

	return window.matchMedia( '(pointer: coarse)' ).matches || navigator.maxTouchPoints > 0;

}

/**
 * An on-screen joystick that sets `controls.stick` while a finger pushes it.
 */
export class Joystick {

	/**
	 * @param {HTMLElement} element - the joystick base, with a `.joystick-knob` child
	 * @param {import('./controls.js').WalkControls} controls
	 */
	constructor( element, controls ) {

		this.element = element;
		this.knob = element.querySelector( '.joystick-knob' );
		this.controls = controls;
		this._pointer = null;
		this._centre = [ 0, 0 ];

		element.addEventListener( 'pointerdown', ( event ) => this._down( event ) );
		element.addEventListener( 'pointermove', ( event ) => this._move( event ) );
		element.addEventListener( 'pointerup', ( event ) => this._up( event ) );
		element.addEventListener( 'pointercancel', ( event ) => this._up( event ) );
		element.addEventListener( 'lostpointercapture', ( event ) => this._up( event ) );

	}

	_down( event ) {

		if ( this._pointer !== null ) return;
		this._pointer = event.pointerId;
		const rect = this.element.getBoundingClientRect();
		this._centre = [ rect.left + rect.width / 2, rect.top + rect.height / 2 ];
		this.element.setPointerCapture( event.pointerId );
		this.element.classList.add( 'active' );
		this._move( event );
		event.preventDefault();

	}

	_move( event ) {

		if ( event.pointerId !== this._pointer ) return;

		let dx = ( event.clientX - this._centre[ 0 ] ) / KNOB_TRAVEL;
		let dy = ( event.clientY - this._centre[ 1 ] ) / KNOB_TRAVEL;
		const length = Math.hypot( dx, dy );

		if ( length > 1 ) {

			dx /= length;
			dy /= length;

		}

		this.knob.style.transform = `translate(${dx * KNOB_TRAVEL}px, ${dy * KNOB_TRAVEL}px)`;

		const live = length >= DEAD_ZONE;
		this.controls.stick.forward = live ? - dy : 0;
		this.controls.stick.right = live ? dx : 0;

	}

	_up( event ) {

		if ( event.pointerId !== this._pointer ) return;
		this._pointer = null;
		this.knob.style.transform = '';
		this.element.classList.remove( 'active' );
		this.controls.stick.forward = 0;
		this.controls.stick.right = 0;

	}

}

/**
 * Shows the joystick and the touch help on touch devices.
 *
 * @param {import('./context.js').ViewerContext} ctx
 */
export function install( ctx ) {

	const doc = ctx.canvas.ownerDocument;
	const element = doc.getElementById( 'joystick' );
	if ( element === null ) return;

	new Joystick( element, ctx.controls );

	const show = () => {

		element.hidden = false;
		doc.body.classList.add( 'touch' );
		const help = doc.getElementById( 'help' );

		if ( help !== null ) {

			help.dataset.i18n = 'controls.help_touch';
			help.textContent = t( 'controls.help_touch' );

		}

	};

	if ( isTouchDevice() ) show();
	else window.addEventListener( 'touchstart', show, { once: true, passive: true } );

}
