// The viewer's language: Chinese or English, chosen from `?lang=`, then the
// visitor's last choice (localStorage), then the browser's languages; every
// piece of UI text comes from the one catalogue in messages.js.
//
// Markup is translated with attributes:
//   data-i18n="<key>"                                  → textContent
//   data-i18n-attr="<attribute>:<key>;<attribute>:<key>" → those attributes

import { MESSAGES } from './messages.js';

export const LANGUAGES = Object.freeze( [ 'en', 'zh' ] );
const STORAGE_KEY = 'halllayout.language';

let current = pickLanguage();
const listeners = new Set();

/**
 * The language to start with.
 *
 * @return {'en'|'zh'}
 */
function pickLanguage() {

	const asked = new URLSearchParams( window.location.search ).get( 'lang' );
	if ( LANGUAGES.includes( asked ) ) return asked;

	try {

		const saved = window.localStorage.getItem( STORAGE_KEY );
		if ( LANGUAGES.includes( saved ) ) return saved;

	} catch ( err ) {

		// storage blocked (private mode, sandboxed frame): fall through to the browser's choice

	}

	for ( const tag of navigator.languages || [ navigator.language || 'en' ] ) {

		const base = String( tag ).toLowerCase().split( '-' )[ 0 ];
		if ( LANGUAGES.includes( base ) ) return base;

	}

	return 'en';

}

/** @return {'en'|'zh'} the language in use */
export function language() {

	return current;

}

/**
 * The message `key` in the current language with `{name}` placeholders filled
 * from `params`. A key missing from the catalogue shows as the key itself (and
 * the catalogue test fails), never as an empty string.
 *
 * @param {string} key
 * @param {Object<string, string|number>} [params]
 * @return {string}
 */
export function t( key, params ) {

	const table = MESSAGES[ current ];
	let text = table[ key ];
	if ( text === undefined ) text = MESSAGES.en[ key ];
	if ( text === undefined ) return key;
	if ( params ) text = text.replace( /\{(\w+)\}/g, ( whole, name ) => ( name in params ? String( params[ name ] ) : whole ) );
	return text;

}

/**
 * Switches the language, saves the choice, re-translates the page and tells
 * every listener.
 *
 * @param {'en'|'zh'} lang
 */
export function setLanguage( lang ) {

	if ( ! LANGUAGES.includes( lang ) || lang === current ) return;
	current = lang;

	try {

		window.localStorage.setItem( STORAGE_KEY, lang );

	} catch ( err ) {

		// not saved: the choice lasts until the page is left

	}

	translate( document );
	for ( const listener of listeners ) listener( lang );

}

/**
 * Calls `listener(lang)` after every language switch.
 *
 * @param {(lang: string) => void} listener
 * @return {() => void} removes the listener
 */
export function onLanguage( listener ) {

	listeners.add( listener );
	return () => listeners.delete( listener );

}

/**
 * Translates every `data-i18n` and `data-i18n-attr` element under `root`, and
 * sets `<html lang>`.
 *
 * @param {Document|Element} root
 */
export function translate( root ) {

	const doc = root.ownerDocument || root;
	doc.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';

	for ( const element of root.querySelectorAll( '[data-i18n]' ) ) {

		element.textContent = t( element.dataset.i18n );

	}

	for ( const element of root.querySelectorAll( '[data-i18n-attr]' ) ) {

		for ( const pair of element.dataset.i18nAttr.split( ';' ) ) {

			const [ attribute, key ] = pair.split( ':' ).map( ( s ) => s.trim() );
			if ( attribute && key ) element.setAttribute( attribute, t( key ) );

		}

	}

}

/**
 * Wires a button that switches between the two languages: its label is the
 * other language's own name.
 *
 * @param {HTMLButtonElement} button
 */
export function languageSwitch( button ) {

	const label = () => {

		const other = current === 'zh' ? 'en' : 'zh';
		button.textContent = MESSAGES[ other ][ 'language.name' ];
		button.lang = other === 'zh' ? 'zh-CN' : 'en';
		button.setAttribute( 'aria-label', t( 'language.switch' ) );

	};

	button.addEventListener( 'click', () => setLanguage( current === 'zh' ? 'en' : 'zh' ) );
	onLanguage( label );
	label();

}
