/** Monaco's refactoring features (one group of ../monaco-load.ts). */
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/rename/register';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/referenceSearch/register';
import 'monaco-editor/features/documentSymbols/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/features/quickCommand/register';
import 'monaco-editor/features/quickHelp/register';
import 'monaco-editor/features/quickOutline/register';
import 'monaco-editor/features/colorPicker/register';
import 'monaco-editor/features/stickyScroll/register';
import 'monaco-editor/features/linkedEditing/register';
