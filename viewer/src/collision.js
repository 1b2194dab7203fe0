// The collision (and picking) world: an Octree over every triangle of a hall.

import { Box3, MathUtils, Vector3 } from 'three';
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
	return octree.fromGraphNode( root );

}
