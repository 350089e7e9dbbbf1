export { bareCloneFromBundle, cratesCasesDir, cratesIndexBundle } from './crates/bundle.js';
export { buildIndexRepo } from './crates/buildIndexRepo.js';
export type { BuildIndexRepoOptions, BuiltIndexCommit, BuiltIndexRepo, IndexCommit, IndexEntry, IndexVersion } from './crates/buildIndexRepo.js';
export { cratesIndexPath } from './crates/cratesIndexPath.js';
export { firstVersionsLockfile } from './crates/firstVersionsLockfile.js';
export { formatCargoLock, syntheticLockPackages } from './crates/formatCargoLock.js';
export type { GeneratedLockPackage } from './crates/formatCargoLock.js';
export { ARCHIVE_SNAPSHOT_BRANCH, CURRENT_INDEX_BRANCH, makeBundleRemotes } from './crates/makeBundleRemotes.js';
export type { BundleRemote, BundleRemotes, MakeBundleRemotesOptions } from './crates/makeBundleRemotes.js';
export { serveBundleOverHttp } from './crates/serveBundleOverHttp.js';
export type { BundleHttpRemotes } from './crates/serveBundleOverHttp.js';
export { serveGitHttp } from './crates/serveGitHttp.js';
export type { GitHttpRequest, GitHttpServer } from './crates/serveGitHttp.js';
export { buildBinary, builtBinaryProblems } from './workspace/buildBinary.js';
export type { BuiltBinary } from './workspace/buildBinary.js';
export { makeTempDir } from './workspace/makeTempDir.js';
export { preparedGoDataset } from './go/preparedGoDataset.js';
export { SyntheticGoDataset } from './go/SyntheticGoDataset.js';
export type { SyntheticGoDatasetOptions } from './go/SyntheticGoDataset.js';
export type { GoFeedView, GoIndexEntry } from './go/GoIndexEntry.js';
export type { GoOrigin, GoProxyReply, GoVersionInfo } from './go/GoProxyReply.js';
export type { GoModuleKind, GoModuleShape, GoVersionStyle } from './go/goModuleShape.js';
export { GO_MODULE_BEHAVIOUR_WEIGHTS, type GoModuleBehaviour } from './go/goModuleBehaviour.js';
export { GO_INDEX_EPOCH_US, formatGoTimestamp, parseGoTimestampCeilUs } from './go/goTimestamps.js';
export { escapeGoPath, unescapeGoPath } from './go/caseEncoding.js';
export {
  GO_CSV_HEADER,
  goCsvLine,
  goGroundTruth,
  goGroundTruthCounts,
  goGroundTruthCsv,
  writeGoGroundTruthCsv,
  type GoGroundTruthRow,
  type GoGroundTruthStatus,
} from './go/goGroundTruth.js';
export { defaultGoFaults, type GoFaultDecision, type GoFaultKind, type GoFaultOptions } from './go/GoFaultInjector.js';
export {
  startFakeGoRegistry,
  type FakeGoEndpoint,
  type FakeGoRegistry,
  type FakeGoRegistryOptions,
  type FakeGoRegistryStats,
} from './go/startFakeGoRegistry.js';
export { spawnFakeGoRegistry, type SpawnedFakeGoRegistry, type SpawnFakeGoRegistryOptions } from './go/spawnFakeGoRegistry.js';
export { FakeGoRegistryError, type FakeGoRegistryErrorCode } from './go/FakeGoRegistryError.js';
export { closedPort } from './net/closedPort.js';
export { compressionBomb, serveDrip, serveEndlessBody, type BombEncoding } from './net/hostileBodies.js';
export { startForwardProxy, type ForwardProxy } from './net/startForwardProxy.js';
export { goGetBehaviour, goGetReply, goGetTruth, GO_GET_BEHAVIOUR_WEIGHTS, type GoGetBehaviour } from './go/goGetBehaviour.js';
export { goGetPage, type GoGetReply } from './go/GoGetReply.js';
export type { GoGetRequestRecord, GoGetTrafficStats } from './go/GoGetTraffic.js';
export { startFakeGoGetHosts, type FakeGoGetHosts, type FakeGoGetHostsOptions } from './go/startFakeGoGetHosts.js';
export {
  goHostsTruth,
  goRepositoryGroundTruth,
  goRepositoryGroundTruthCsv,
  type GoRepositoryGroundTruthRow,
  type GoRepositorySource,
} from './go/goRepositoryGroundTruth.js';
export { exited, spawnFixture, waitForLine } from './process/spawnFixture.js';
