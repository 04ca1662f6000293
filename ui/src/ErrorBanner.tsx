// The error banner: a title chosen by the error's code, the message, and each field at fault.
import type { CommandError } from "./bindings";

const TITLES: Record<string, string> = {
  database: "The case database could not be read.",
  corrupt: "The case database holds data Candor cannot read.",
  future_database: "This database was written by a newer Candor.",
  no_data_dir: "Candor has nowhere to keep its database.",
  not_found: "This case no longer exists.",
  invalid_case: "This case cannot be evaluated: some inputs need fixing.",
  unknown_scenario: "This scenario does not exist.",
  chart: "The chart could not be drawn.",
  no_backend: "Candor is not running correctly.",
  unexpected: "Something went wrong.",
};

export function ErrorBanner({ error }: { error: CommandError | null }) {
  return (
    <div id="error" class="error" role="alert" hidden={!error}>
      {error && (
        <>
          <strong id="error-title">{TITLES[error.code] ?? TITLES.unexpected}</strong>{" "}
          <span id="error-message">{error.message}</span> <code id="error-code">{error.code}</code>
          {error.fields && error.fields.length > 0 && (
            <ul id="error-fields">
              {error.fields.map((f) => (
                <li key={f.field}>
                  {f.field}: {f.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
