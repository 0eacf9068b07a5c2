/**
 * The Roughy emulator's module API. Every test in the repository starts
 * one with startEmulator() and talks to it over real HTTP.
 */
export { startEmulator } from './start';
export type { RunningEmulator, EmulatorControl } from './running-emulator';
export type { EmulatorOptions, TimingOptions, RateLimitOptions } from './options';
export type { FaultRule } from './faults';
export type { RecordedRequest } from './http/request-log';
export type { DeliveryRecord, CustomDelivery } from './webhooks/dispatcher';
/** Svix's own signing and verification (run in a worker thread: svix is ESM-only, jest is CommonJS). */
export { signWithSvix, verifyWithSvix } from './webhooks/svix-worker';
