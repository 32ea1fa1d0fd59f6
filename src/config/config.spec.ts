import { ConfigError, loadConfig } from './config';

describe(loadConfig.name, () => {
  it('serves the embedded demo with no variables set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('sqlite:var/register.db');
    expect(config.ALERTS_ENABLED).toBe(true);
    expect(config.isProduction).toBe(false);
  });

  it('reads numbers and booleans from strings', () => {
    const config = loadConfig({
      PORT: '8080',
      ALERTS_ENABLED: 'false',
      RATE_LIMIT_PER_MINUTE: '60',
    });
    expect(config.PORT).toBe(8080);
    expect(config.ALERTS_ENABLED).toBe(false);
    expect(config.RATE_LIMIT_PER_MINUTE).toBe(60);
  });

  it.each([
    ['PORT', 'http', /^Invalid configuration: PORT must be a whole number/],
    ['PORT', '70000', /PORT must be a whole number between 1 and 65535 \(got "70000"\)/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be sqlite:<file>/],
    ['ALERTS_ENABLED', 'maybe', /ALERTS_ENABLED must be true or false/],
    ['NODE_ENV', 'staging', /NODE_ENV must be development, production or test/],
    ['SMTP_URL', 'http://mail', /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL$/],
    ['MAIL_FROM', 'nobody', /MAIL_FROM must be an email address/],
    ['MAIL_FROM_NAME', 'Register\nBcc: x@y.z', /MAIL_FROM_NAME must be one line/],
    ['PUBLIC_URL', 'register', /PUBLIC_URL must be an http\(s\) URL/],
    ['STALE_AFTER_DAYS', '0', /STALE_AFTER_DAYS must be a whole number of days, 1 to 3650/],
    ['OCDS_PREFIX', 'ocds-Camden', /OCDS_PREFIX must be "ocds-" and six lower-case letters/],
  ])('refuses %s=%s with one line naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('never echoes a database or SMTP URL, which may hold a password', () => {
    expect(() => loadConfig({ SMTP_URL: 'ftp://user:secret@host' })).toThrow(
      /^Invalid configuration: SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL$/,
    );
  });
});
