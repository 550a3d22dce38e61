import { Controller, Get, Header, NotFoundException, OnModuleInit, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { FrontendAsset, findRoot, loadFrontendAssets } from './frontend-assets';

// The console talks only to its own origin and is never framed; the widget script is loaded by any host page.
const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// Browsers ask every origin for /favicon.ico (the console, /docs): a speech bubble instead of a 404.
const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f4b99"/>' +
  '<path d="M8 9h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9l-5 4v-4H8a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z" fill="#fff"/></svg>';

/** Serves the embeddable widget script and the agent console, bundled once at start-up. */
@ApiExcludeController()
@Controller()
export class AssetsController implements OnModuleInit {
  private assets = new Map<string, FrontendAsset>();

  async onModuleInit(): Promise<void> {
    this.assets = await loadFrontendAssets(findRoot(__dirname));
  }

  @Get('widget.js')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  widget(@Req() request: Request, @Res() response: Response): void {
    this.send('/widget.js', request, response);
  }

  @Get('favicon.ico')
  @Header('Cache-Control', 'public, max-age=86400')
  @Header('Content-Type', 'image/svg+xml')
  favicon(): string {
    return FAVICON_SVG;
  }

  @Get('console/app.js')
  @Header('Cache-Control', 'no-cache')
  consoleScript(@Req() request: Request, @Res() response: Response): void {
    this.send('/console/app.js', request, response);
  }

  @Get('console/app.css')
  @Header('Cache-Control', 'no-cache')
  consoleStyles(@Req() request: Request, @Res() response: Response): void {
    this.send('/console/app.css', request, response);
  }

  /** Every other /console path is the single-page app, which routes on the client. */
  @Get(['console', 'console/*path'])
  @Header('Cache-Control', 'no-cache')
  @Header('Content-Security-Policy', CONSOLE_CSP)
  @Header('X-Frame-Options', 'DENY')
  @Header('Referrer-Policy', 'no-referrer')
  consolePage(@Req() request: Request, @Res() response: Response, @Param() _params: unknown): void {
    this.send('/console', request, response);
  }

  private send(path: string, request: Request, response: Response): void {
    const asset = this.assets.get(path);
    if (!asset) throw new NotFoundException(`${path} is not built`);
    response.setHeader('ETag', asset.etag);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (request.headers['if-none-match'] === asset.etag) {
      response.status(304).end();
      return;
    }
    response.type(asset.contentType).send(asset.body);
  }
}
