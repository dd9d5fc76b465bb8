/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Build output stays in dot-folders so the top level keeps its fixed layout.
  serverBuildPath: ".build/index.js",
  assetsBuildDirectory: "public/build",
  publicPath: "/build/",
  cacheDirectory: ".cache/remix",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
