import {
	NodeOperationError,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

/** "File Name" and "Put Output File in Field", for operations that output a file. */
export function fileOutputOptions(fileNameExample: string, defaultNaming: string): INodeProperties[] {
	return [
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: `e.g. ${fileNameExample}`,
			description: `Name to give the file. Without it, ${defaultNaming}.`,
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			hint: 'The name of the output binary field to put the file in',
		},
	];
}

export interface FileOutput {
	fileName?: string;
	binaryPropertyName: string;
}

/** Reads the file output options; checked before anything is sent. */
export function readFileOutput(
	context: IExecuteFunctions,
	options: { fileName?: unknown; binaryPropertyName?: unknown },
	itemIndex: number,
): FileOutput {
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	if (binaryPropertyName === '') {
		throw new NodeOperationError(context.getNode(), 'The output binary field has no name', {
			itemIndex,
			description: 'Set "Put Output File in Field" to a field name such as data, or remove the option.',
		});
	}
	const fileName = String(options.fileName ?? '').trim();
	return { fileName: fileName === '' ? undefined : fileName, binaryPropertyName };
}

/** The output item: `json`, the input item's binaries, and the new file beside them. */
export function fileItem(
	context: IExecuteFunctions,
	itemIndex: number,
	json: IDataObject,
	output: FileOutput,
	binary: IBinaryData,
): INodeExecutionData {
	const inputBinary = context.getInputData()[itemIndex]?.binary;
	return { json, binary: { ...inputBinary, [output.binaryPropertyName]: binary } };
}
