#!/usr/bin/env node
// Validates CycloneDX 1.7 JSON documents against the official schema with the strict JSON
// validator of @cyclonedx/cyclonedx-library. Usage: node validate.js FILE...
// Exit codes: 0 every file is valid; 1 a file is invalid (the errors are printed as JSON);
// 2 the validator is not installed (run `npm ci` in this folder).
'use strict';
const fs = require('node:fs');

let CDX;
try {
  CDX = require('@cyclonedx/cyclonedx-library');
} catch (e) {
  console.error(`the CycloneDX validator is not installed: run "npm ci" in ${__dirname} (${e.code || e.message})`);
  process.exit(2);
}

async function main(files) {
  if (files.length === 0) {
    console.error('usage: node validate.js FILE...');
    return 2;
  }
  const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot7);
  let status = 0;
  for (const file of files) {
    let errors;
    try {
      errors = await validator.validate(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      if (e instanceof CDX.Validation.MissingOptionalDependencyError) {
        console.error(`the CycloneDX validator lacks a dependency: run "npm ci" in ${__dirname} (${e.message})`);
        return 2;
      }
      throw e;
    }
    if (errors === null) {
      console.log(`valid: ${file}`);
    } else {
      console.log(`invalid: ${file}\n${JSON.stringify(errors, null, 2)}`);
      status = 1;
    }
  }
  return status;
}

main(process.argv.slice(2)).then(code => process.exit(code), e => { console.error(e); process.exit(3); });
