// The end-to-end tests run the services from dist/, exactly as deployed: compile first.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  execFileSync(process.execPath, [path.resolve(__dirname, '../../../../tools/build.js')], { stdio: 'inherit' });
};
