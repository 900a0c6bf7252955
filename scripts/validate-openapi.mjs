// Validates an OpenAPI document with an independent validator (@readme/openapi-parser, from
// package.json's devDependencies): node scripts/validate-openapi.mjs openapi.json
// Exits 0 and prints "valid" when it is; else prints every finding and exits 1.
import { readFile } from 'node:fs/promises';
import { validate, compileErrors } from '@readme/openapi-parser';

const document = JSON.parse(await readFile(process.argv[2], 'utf8'));
const result = await validate(document);
if (result.warnings?.length) {
  console.error(compileErrors({ ...result, errors: [] }));
}
if (!result.valid) {
  console.error(compileErrors(result));
  process.exit(1);
}
console.log('valid');
