#!/usr/bin/env node
// Validate a glTF / GLB file with the Khronos glTF validator.
//
//   node viewer/scripts/validate-gltf.mjs FILE.glb
//
// Prints one JSON object to stdout:
//   {"numErrors", "numWarnings", "numInfos", "numHints",
//    "messages": [{"code", "severity", "message", "pointer"}, ...]}
// (severity 0 = error, 1 = warning, 2 = info, 3 = hint).
//
// Exit status: 0 when there are no errors and no warnings, 1 otherwise,
// 2 when the file cannot be read or the validator refuses it outright
// (message on stderr).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import validator from 'gltf-validator';

const FORMATS = { '.glb': 'glb', '.gltf': 'gltf' };

async function main( argv ) {

	if ( argv.length !== 1 ) {

		process.stderr.write( 'usage: node validate-gltf.mjs FILE.glb\n' );
		return 2;

	}

	const file = argv[ 0 ];

	let bytes;
	try {

		bytes = new Uint8Array( await readFile( file ) );

	} catch ( err ) {

		process.stderr.write( `validate-gltf: cannot read ${file}: ${err.message}\n` );
		return 2;

	}

	let report;
	try {

		report = await validator.validateBytes( bytes, {
			uri: path.basename( file ),
			// decide by the file name, so that a damaged .glb is reported as
			// GLB errors (exit 1) instead of "could not detect glTF format"
			format: FORMATS[ path.extname( file ).toLowerCase() ],
			maxIssues: 0, // unlimited
			writeTimestamp: false,
			// .gltf files may reference external buffers and images next to them
			externalResourceFunction: ( uri ) =>
				readFile( path.resolve( path.dirname( file ), decodeURIComponent( uri ) ) )
					.then( ( data ) => new Uint8Array( data ) ),
		} );

	} catch ( err ) {

		process.stderr.write( `validate-gltf: ${file} is not a glTF asset: ${err}\n` );
		return 2;

	}

	const issues = report.issues;
	const result = {
		numErrors: issues.numErrors,
		numWarnings: issues.numWarnings,
		numInfos: issues.numInfos,
		numHints: issues.numHints,
		messages: issues.messages.map( ( m ) => ( {
			code: m.code,
			severity: m.severity,
			message: m.message,
			pointer: m.pointer ?? null,
		} ) ),
	};

	process.stdout.write( JSON.stringify( result ) + '\n' );
	return result.numErrors === 0 && result.numWarnings === 0 ? 0 : 1;

}

process.exitCode = await main( process.argv.slice( 2 ) );
