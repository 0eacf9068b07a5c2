export {
	computeSvixSignature,
	decodeSvixSecret,
	SVIX_TOLERANCE_SECONDS,
	verifySvixSignature,
	type SvixCheck,
	type SvixDelivery,
	type SvixVerification,
	type SvixVerifyOptions,
} from './svix-signature';
