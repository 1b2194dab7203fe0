// The feature modules main.js installs, in this order, once the stage and the
// walker exist: each is `install(ctx)` with ctx a ViewerContext (context.js).
// Add a feature with one import and one entry.

import { install as installSearch } from './searchbox.js';

import { install as installProducts } from './products.js';
import { install as installDebug } from './debug.js';

import { install as clickMove } from './clickmove.js';
import { install as touch } from './touch.js';
import { install as xr } from './xr.js';
import { install as installRoute } from './route.js';

import { install as installMinimap } from './minimap.js';
import { install as installFairMap } from './fairmap.js';
import { install as installOverview } from './overview.js';
import { install as installAnalytics } from './analytics.js';

export const FEATURES = [
	installProducts,
	installDebug,
	installFairMap,
	installMinimap,
	installOverview,
	installSearch,
	clickMove,
	touch,
	xr,
	installRoute,
	installAnalytics,
];
