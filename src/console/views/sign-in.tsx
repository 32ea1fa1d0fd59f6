import { ErrorSummary, Layout } from './layout';

interface SignInProps {
  csrf: string;
  next: string;
  problem?: string;
  signedOut?: boolean;
}

/** The sign-in form: an API key, pasted once; the session then lasts eight hours. */
export function SignInPage({ csrf, next, problem, signedOut }: SignInProps) {
  return (
    <Layout title="Sign in" path="/sign-in" viewer={null}>
      {signedOut && <p class="notice">You have signed out.</p>}
      <ErrorSummary problems={problem ? [{ path: 'API key', message: problem }] : []} />
      <p class="lead">
        Sign in with the API key your borough or the coordinating team gave you. You stay signed in
        for eight hours on this browser, or until you sign out or the key is revoked.
      </p>
      <form method="post" action="/sign-in" class="card" style="max-width: 32rem">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="next" value={next} />
        <label for="key">
          API key
          <span class="hint">
            It starts with crk_ (demo keys: demo-admin, demo-coordinator, demo-cmd).
          </span>
        </label>
        <input
          id="key"
          name="key"
          type="password"
          autocomplete="off"
          required
          aria-invalid={problem ? 'true' : undefined}
        />
        <p>
          <button type="submit">Sign in</button>
        </p>
      </form>
    </Layout>
  );
}

/** A form arrived without the token of the page it came from. */
export function ExpiredFormPage() {
  return (
    <Layout title="This form has expired" path="/" viewer={null}>
      <p class="lead">
        The form was sent without the security token of the page it came from, so nothing was
        changed. Go back, reload the page and send it again.
      </p>
    </Layout>
  );
}
