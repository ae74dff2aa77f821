import { readFile } from 'node:fs/promises';

/**
 * Secret keys seen in tutorials, boilerplates, docs and leaked configs:
 * the ones a developer types when "it's just for now". Kept as data so a
 * user's `--wordlist` extends it rather than replaces it.
 */
const bundled = `
secret secret-key secret_key secretkey SECRET_KEY SECRET secret123 secret1234 secretpassword
supersecret supersecretkey super-secret super_secret super-secret-key super_secret_key supersecretkey123
super secret key super secret my-secret mysecret mysecretkey my_secret_key my-secret-key mysecretpassword
your-secret-key your_secret_key yoursecretkey your secret key YOUR_SECRET_KEY your-secret-key-here
change-me changeme change_me changethis change-this CHANGE_ME CHANGEME change-this-secret replace-me
replaceme REPLACE_ME please-change-me todo TODO fixme FIXME xxx XXX
dev development development key dev-key dev_key devkey dev-secret dev_secret development-key
test testing test-key test_key testkey test-secret test_secret tests debug local localhost
default default-key defaultkey default_secret key KEY apikey api-key api_key token jwt jwt-secret
jwt_secret jwtsecret jwt-secret-key jwt_secret_key JWT_SECRET_KEY JWT_SECRET secret-jwt auth-secret
flask flask-secret flask_secret flasksecret flask-secret-key flask_secret_key flaskr flask-app app
app-secret app_secret appsecret application secretkey123 s3cr3t s3cret s3cr3t-key 53cr3t
password password1 password123 passw0rd Password P@ssw0rd admin admin123 administrator root toor
qwerty qwerty123 123456 1234567 12345678 123456789 1234567890 letmein welcome monkey abc123
hard to guess string hard-to-guess-string you-will-never-guess you-will-never-guess-this
this-really-needs-to-be-changed this is a secret thisisasecret this-is-a-secret this_is_a_secret
thisismysecretkey this-is-my-secret-key top secret topsecret top-secret keyboard cat keyboardcat
shhhh shhh shh ssshhhhhh hush hidden private private-key privatekey notsecret not-so-secret
secretsecret secrets unsafe insecure insecure-key example example-key sample demo demo-secret
hello hello world helloworld foo bar foobar baz test123 testing123 dev123 1234 12345 0000 none null
session session-key session_secret sessionsecret cookie-secret cookie_secret cookiesecret
secret!  secret!! secret-key! CHANGE_THIS_SECRET SECRET_KEY_HERE SOME_SECRET somesecret some-secret
random random-string randomstring random_secret_key averyrandomstring a-very-secret-key verysecret
very-secret-key long-random-string super-long-random-string mykey my-key my_key key123 key1234
dev-secret-key development-secret production prod staging stage secret-production
`;

/** Keys with spaces: the list above splits on whitespace, so they are repeated here whole. */
const phrases = ['super secret key', 'super secret', 'your secret key', 'development key', 'hard to guess string',
  'this is a secret', 'top secret', 'keyboard cat', 'hello world'];

export const bundledSecrets: readonly string[] = [...new Set([
  ...phrases,
  ...bundled.split(/\s+/).filter((word) => word.length > 0),
])];

/** Candidates as bytes, once: the crackers compare raw HMACs and must not re-encode per try. */
export function toCandidates(words: Iterable<string>): Buffer[] {
  return [...new Set(words)].map((word) => Buffer.from(word, 'utf8'));
}

/** A user wordlist: one secret per line (trailing spaces and CR dropped, empty lines ignored). */
export async function readWordlist(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').map((line) => line.replace(/\r$/, '')).filter((line) => line.length > 0);
}

/** Enough to recognise a secret the user owns, too little to reuse it. */
export function secretHint(secret: Buffer): string {
  const text = secret.toString('utf8');
  return `${text.slice(0, Math.min(2, Math.floor(text.length / 3)))}… (${text.length} characters)`;
}
