// The feature modules main.js installs, in this order, once the stage and the
// walker exist: each is `install(ctx)` with ctx a ViewerContext (context.js).
// Add a feature with one import and one entry.

export const FEATURES = [
];
