// The collision (and picking) world: an Octree over every triangle of a hall.

import { Box3, BufferGeometry, Float32BufferAttribute, Group, MathUtils, Matrix4, Mesh, Vector3 } from 'three';
import { Octree } from 'three/addons/math/Octree.js';

const _box = new Box3();
const _size = new Vector3();

/**
 * Smallest leaf the octree splits down to, along the hall's longest side (m).
 *
 * The Octree's default depth (16 levels) explodes on exhibition halls: booth
 * carpets, panels and frames touch along whole edges, so more than
 * `trianglesPerLeaf` triangles meet along long lines and every level splits
 * them again (hundreds of thousands of leaves, seconds to minutes, or an
 * out-of-memory crash). Leaves of a few metres keep the build well under a
 * second and each capsule or ray test to a few dozen triangles.
 */
export const OCTREE_LEAF_SIZE = 4;

/**
 * @param {import('three').Object3D} root - the loaded hall
 * @return {Octree}
 */
export function buildOctree( root ) {

	root.updateWorldMatrix( true, true );
	_box.setFromObject( root ).getSize( _size );

	const extent = Math.max( _size.x, _size.y, _size.z, OCTREE_LEAF_SIZE );

	const octree = new Octree();
	octree.maxLevel = MathUtils.clamp( Math.ceil( Math.log2( extent / OCTREE_LEAF_SIZE ) ), 2, 10 );
	return octree.fromGraphNode( collisionWorld( root ) );

}

/**
 * Materials whose meshes a visitor neither bumps into nor picks: signage lettering (it lies on
 * boards that are there anyway) and everything hanging overhead.
 */
export const NOT_SOLID = /^(signage|roof truss|hanging sign|zone banner frame|spotlight)/;

const _matrix = new Matrix4();
const _p = new Vector3();

/**
 * A stand-in scene for the octree: the hall's solid meshes with every instance of an
 * instanced mesh (EXT_mesh_gpu_instancing → InstancedMesh) written out as its own triangles,
 * since Octree.fromGraphNode would otherwise take each shared mesh once, at the origin.
 *
 * @param {import('three').Object3D} root
 * @return {Group}
 */
export function collisionWorld( root ) {

	const world = new Group();
	root.traverse( ( object ) => {

		if ( ! object.isMesh ) return;
		const name = object.material && object.material.name ? object.material.name : '';
		if ( NOT_SOLID.test( name ) ) return;
		const source = object.geometry.index ? object.geometry.toNonIndexed() : object.geometry;
		const position = source.getAttribute( 'position' );
		if ( ! object.isInstancedMesh ) {

			const geometry = new BufferGeometry();
			geometry.setAttribute( 'position', position );
			const mesh = new Mesh( geometry );
			mesh.matrixAutoUpdate = false;
			mesh.matrix.copy( object.matrixWorld );
			mesh.matrixWorld.copy( object.matrixWorld );
			world.add( mesh );
			return;

		}

		const count = object.count;
		const out = new Float32Array( count * position.count * 3 );
		let k = 0;
		for ( let i = 0; i < count; i ++ ) {

			object.getMatrixAt( i, _matrix );
			_matrix.premultiply( object.matrixWorld );
			for ( let j = 0; j < position.count; j ++ ) {

				_p.fromBufferAttribute( position, j ).applyMatrix4( _matrix );
				out[ k ++ ] = _p.x;
				out[ k ++ ] = _p.y;
				out[ k ++ ] = _p.z;

			}

		}

		const geometry = new BufferGeometry();
		geometry.setAttribute( 'position', new Float32BufferAttribute( out, 3 ) );
		const mesh = new Mesh( geometry );
		mesh.matrixAutoUpdate = false;
		world.add( mesh );

	} );
	world.updateMatrixWorld( true );
	return world;

}
