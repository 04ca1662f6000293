// Candor's window. Everything it shows comes from the Rust commands (see api.ts); nothing
// is computed or formatted here except the words around the numbers.
import { render } from "preact";
import { App } from "./App";
import "./style.css";

render(<App />, document.getElementById("app")!);
