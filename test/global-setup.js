const { execFileSync } = require('node:child_process');

// The command-line suites run the compiled commands as a new user would; build them first.
module.exports = async () => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
};
