/** Monaco's completion features (one group of ../monaco-load.ts). */
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/features/inlayHints/register';
import 'monaco-editor/features/codelens/register';
import 'monaco-editor/features/inlineProgress/register';
import 'monaco-editor/features/inlineCompletions/register';
